"""Encryption for the Larkspur allotments site: ChaCha20-Poly1305 with a key per purpose.

Token (hex) = version byte | 12-byte random nonce | ciphertext and Poly1305 tag. Cookies
and drafts are sealed under two different keys derived from the site key with HKDF, so
neither kind of token can ever open as the other; the version byte is authenticated as
associated data.
"""

import os
import secrets
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_FILE = Path("data/site.key")
VERSION = b"\x03"


class InvalidToken(ValueError):
    """A cookie or draft token that this site did not issue, or that was damaged."""


def _site_key():
    if not KEY_FILE.exists():
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_bytes(os.urandom(32))
    return KEY_FILE.read_bytes()


@lru_cache(maxsize=None)
def _cipher(purpose, site_key):
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"larkspur", info=purpose).derive(site_key)
    return ChaCha20Poly1305(key)


class _Box:
    def __init__(self, purpose):
        self.purpose = purpose

    def seal(self, text):
        nonce = secrets.token_bytes(12)
        body = _cipher(self.purpose, _site_key()).encrypt(nonce, text.encode("utf-8"), VERSION)
        return (VERSION + nonce + body).hex()

    def open(self, token):
        try:
            raw = bytes.fromhex(token)
        except (ValueError, TypeError):
            raise InvalidToken("not a token") from None
        if raw[:1] != VERSION or len(raw) < 1 + 12 + 16:
            raise InvalidToken("not a token")
        try:
            plain = _cipher(self.purpose, _site_key()).decrypt(raw[1:13], raw[13:], VERSION)
        except InvalidTag:
            raise InvalidToken("token was not issued by this site") from None
        try:
            return plain.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidToken("not text") from None


_cookies = _Box(b"login cookie")
_drafts = _Box(b"draft message")


def encrypt_cookie(profile):
    return _cookies.seal(profile)


def decrypt_cookie(token):
    return _cookies.open(token)


def encrypt_draft(text):
    return _drafts.seal(text)


def decrypt_draft(token):
    return _drafts.open(token)
