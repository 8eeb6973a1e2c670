"""Encryption for the Larkspur allotments site: login cookies and private drafts.

The site keeps no sessions and no drafts on the server. A member's profile travels in a
cookie, and an unfinished message to the committee travels back to the browser as a draft
token; both are encrypted with the site key, so (the reasoning went) the browser can hold
them but not read or change them.
"""

import base64
import binascii
import os
from pathlib import Path

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

KEY_FILE = Path("data/site.key")
# CTR needs a starting counter block. A fixed one is simplest: drafts are small and the key
# is secret anyway.
DRAFT_COUNTER = b"larkspur-draft-1"


class InvalidToken(ValueError):
    """A cookie or draft token that this site did not issue, or that was damaged."""


def _key():
    """The site key: 32 random bytes in data/site.key, made on first use."""
    if not KEY_FILE.exists():
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_bytes(os.urandom(32))
    return KEY_FILE.read_bytes()


def _b64decode(token):
    try:
        return base64.urlsafe_b64decode(token)
    except (ValueError, TypeError, binascii.Error):
        raise InvalidToken("not a token") from None


def encrypt_cookie(profile):
    """Encrypts the profile text ("email=...&uid=...&role=...") into a cookie value."""
    padder = padding.PKCS7(128).padder()
    data = padder.update(profile.encode("utf-8")) + padder.finalize()
    encryptor = Cipher(algorithms.AES(_key()), modes.ECB()).encryptor()
    return base64.urlsafe_b64encode(encryptor.update(data) + encryptor.finalize()).decode("ascii")


def decrypt_cookie(token):
    """Returns the profile text inside a cookie; raises InvalidToken if it can't."""
    raw = _b64decode(token)
    if not raw or len(raw) % 16:
        raise InvalidToken("bad length")
    decryptor = Cipher(algorithms.AES(_key()), modes.ECB()).decryptor()
    data = decryptor.update(raw) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return (unpadder.update(data) + unpadder.finalize()).decode("utf-8")
    except ValueError:  # bad padding or not UTF-8
        raise InvalidToken("cannot decrypt") from None


def encrypt_draft(text):
    """Encrypts a draft message into a token the browser keeps until the member sends it."""
    encryptor = Cipher(algorithms.AES(_key()), modes.CTR(DRAFT_COUNTER)).encryptor()
    data = encryptor.update(text.encode("utf-8")) + encryptor.finalize()
    return base64.urlsafe_b64encode(data).decode("ascii")


def decrypt_draft(token):
    """Returns the text of a draft token; raises InvalidToken if it can't."""
    raw = _b64decode(token)
    decryptor = Cipher(algorithms.AES(_key()), modes.CTR(DRAFT_COUNTER)).decryptor()
    try:
        return (decryptor.update(raw) + decryptor.finalize()).decode("utf-8")
    except ValueError:
        raise InvalidToken("cannot decrypt") from None
