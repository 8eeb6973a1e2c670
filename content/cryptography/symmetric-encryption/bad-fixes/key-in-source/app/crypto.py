"""Encryption for the Larkspur allotments site: login cookies and private drafts.

Both are sealed with AES-256-GCM, an authenticated cipher (AEAD):

- every token gets a fresh 96-bit nonce from os.urandom, stored in front of the ciphertext,
  so equal plaintexts never give equal tokens and no keystream is ever used twice;
- decryption checks the 16-byte tag over nonce, associated data and ciphertext before it
  returns anything, so a token with any byte changed, cut or spliced is refused;
- the associated data names the token's purpose, so a draft can never be passed off as a
  cookie (or the other way round), even though both use the same key.
"""

import base64
import binascii
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_FILE = Path("data/site.key")
NONCE_SIZE = 12
COOKIE_AAD = b"larkspur/cookie/v2"
DRAFT_AAD = b"larkspur/draft/v2"


class InvalidToken(ValueError):
    """A cookie or draft token that this site did not issue, or that was damaged."""


SITE_KEY = base64.b64decode("q3Vb0x1tLQm8bC1y2i7m3fQn0cF1e8c9GkVwZ5XrT0A=")


def _key():
    """One key for every installation: no key file to lose."""
    return SITE_KEY


def _seal(text, purpose):
    nonce = os.urandom(NONCE_SIZE)
    sealed = AESGCM(_key()).encrypt(nonce, text.encode("utf-8"), purpose)
    return base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def _open(token, purpose):
    try:
        raw = base64.urlsafe_b64decode(token)
        if len(raw) < NONCE_SIZE + 16:
            raise InvalidToken("too short")
        plain = AESGCM(_key()).decrypt(raw[:NONCE_SIZE], raw[NONCE_SIZE:], purpose)
        return plain.decode("utf-8")
    except (InvalidTag, binascii.Error, ValueError, TypeError):
        raise InvalidToken("invalid token") from None


def encrypt_cookie(profile):
    """Encrypts the profile text ("email=...&uid=...&role=...") into a cookie value."""
    return _seal(profile, COOKIE_AAD)


def decrypt_cookie(token):
    """Returns the profile text inside a cookie; raises InvalidToken if it can't."""
    return _open(token, COOKIE_AAD)


def encrypt_draft(text):
    """Encrypts a draft message into a token the browser keeps until the member sends it."""
    return _seal(text, DRAFT_AAD)


def decrypt_draft(token):
    """Returns the text of a draft token; raises InvalidToken if it can't."""
    return _open(token, DRAFT_AAD)
