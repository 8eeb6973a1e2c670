"""Encryption for the Larkspur allotments site, with cryptography's Fernet recipe.

Fernet = AES-128-CBC with a random IV (os.urandom) and HMAC-SHA256 over version,
timestamp, IV and ciphertext, verified in constant time before decrypting. Each purpose
gets its own Fernet key, derived from the site key with HMAC and a label.
"""

import base64
import hashlib
import hmac
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken as FernetInvalid

KEY_FILE = Path("data/site.key")


class InvalidToken(ValueError):
    """A cookie or draft token that this site did not issue, or that was damaged."""


def _fernet(label):
    if not KEY_FILE.exists():
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_bytes(os.urandom(32))
    derived = hmac.new(KEY_FILE.read_bytes(), b"larkspur fernet key: " + label, hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def _encrypt(label, text):
    return _fernet(label).encrypt(text.encode("utf-8")).decode("ascii")


def _decrypt(label, token):
    try:
        return _fernet(label).decrypt(token).decode("utf-8")
    except (FernetInvalid, UnicodeDecodeError, TypeError, ValueError) as err:
        raise InvalidToken(f"invalid {label.decode()} token") from err


def encrypt_cookie(profile):
    return _encrypt(b"cookie", profile)


def decrypt_cookie(token):
    return _decrypt(b"cookie", token)


def encrypt_draft(text):
    return _encrypt(b"draft", text)


def decrypt_draft(token):
    return _decrypt(b"draft", token)
