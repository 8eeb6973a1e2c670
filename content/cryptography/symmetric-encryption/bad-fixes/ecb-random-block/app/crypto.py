"""Encryption for the Larkspur allotments site: login cookies and private drafts."""

import base64
import binascii
import hashlib
import hmac
import os
from pathlib import Path

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

KEY_FILE = Path("data/site.key")
SALT_SIZE = 16
TAG_SIZE = 32


class InvalidToken(ValueError):
    """A cookie or draft token that this site did not issue, or that was damaged."""


def _key():
    """The site key: 32 random bytes in data/site.key, made on first use."""
    if not KEY_FILE.exists():
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_bytes(os.urandom(32))
    return KEY_FILE.read_bytes()


def _seal(text, purpose):
    """AES-ECB with a random first block (so no two tokens are alike), then an HMAC over it all."""
    padder = padding.PKCS7(128).padder()
    data = padder.update(os.urandom(SALT_SIZE) + text.encode("utf-8")) + padder.finalize()
    encryptor = Cipher(algorithms.AES(_key()), modes.ECB()).encryptor()
    body = encryptor.update(data) + encryptor.finalize()
    tag = hmac.new(_key(), purpose + body, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(body + tag).decode("ascii")


def _open(token, purpose):
    try:
        raw = base64.urlsafe_b64decode(token)
    except (ValueError, TypeError, binascii.Error):
        raise InvalidToken("not a token") from None
    body, tag = raw[:-TAG_SIZE], raw[-TAG_SIZE:]
    if not body or len(body) % 16 or not hmac.compare_digest(hmac.new(_key(), purpose + body, hashlib.sha256).digest(), tag):
        raise InvalidToken("token was not issued by this site")
    decryptor = Cipher(algorithms.AES(_key()), modes.ECB()).decryptor()
    data = decryptor.update(body) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return (unpadder.update(data) + unpadder.finalize())[SALT_SIZE:].decode("utf-8")
    except ValueError:
        raise InvalidToken("cannot decrypt") from None


def encrypt_cookie(profile):
    """Encrypts the profile text ("email=...&uid=...&role=...") into a cookie value."""
    return _seal(profile, b"cookie")


def decrypt_cookie(token):
    """Returns the profile text inside a cookie; raises InvalidToken if it can't."""
    return _open(token, b"cookie")


def encrypt_draft(text):
    """Encrypts a draft message into a token the browser keeps until the member sends it."""
    return _seal(text, b"draft")


def decrypt_draft(token):
    """Returns the text of a draft token; raises InvalidToken if it can't."""
    return _open(token, b"draft")
