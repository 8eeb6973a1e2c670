"""Encryption for the Larkspur allotments site: login cookies and private drafts."""

import base64
import hashlib
import hmac
import binascii
import os
from pathlib import Path

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

KEY_FILE = Path("data/site.key")


class InvalidToken(ValueError):
    """A cookie or draft token that this site did not issue, or that was damaged."""


def _key():
    """The site key: 32 random bytes in data/site.key, made on first use."""
    if not KEY_FILE.exists():
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_bytes(os.urandom(32))
    return KEY_FILE.read_bytes()


def _seal(text, purpose):
    """AES-ECB as before, plus an HMAC over purpose and ciphertext, so nothing can be spliced."""
    padder = padding.PKCS7(128).padder()
    data = padder.update(text.encode("utf-8")) + padder.finalize()
    encryptor = Cipher(algorithms.AES(_key()), modes.ECB()).encryptor()
    body = encryptor.update(data) + encryptor.finalize()
    tag = hmac.new(_key(), purpose + body, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(body + tag).decode("ascii")


def _open(token, purpose):
    try:
        raw = base64.urlsafe_b64decode(token)
        body, tag = raw[:-32], raw[-32:]
        if not body or len(body) % 16 or not hmac.compare_digest(hmac.new(_key(), purpose + body, hashlib.sha256).digest(), tag):
            raise InvalidToken("invalid token")
        decryptor = Cipher(algorithms.AES(_key()), modes.ECB()).decryptor()
        data = decryptor.update(body) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return (unpadder.update(data) + unpadder.finalize()).decode("utf-8")
    except (binascii.Error, ValueError, TypeError):
        raise InvalidToken("invalid token") from None


def encrypt_cookie(profile):
    return _seal(profile, b"cookie")


def decrypt_cookie(token):
    return _open(token, b"cookie")


def encrypt_draft(text):
    return _seal(text, b"draft")


def decrypt_draft(token):
    return _open(token, b"draft")
