"""Encryption for the Larkspur allotments site: login cookies and private drafts."""

import base64
import binascii
import os
from pathlib import Path

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


def _seal(text):
    """AES-CTR with a fresh random counter block: no keystream is ever reused."""
    nonce = os.urandom(16)
    encryptor = Cipher(algorithms.AES(_key()), modes.CTR(nonce)).encryptor()
    data = encryptor.update(text.encode("utf-8")) + encryptor.finalize()
    return base64.urlsafe_b64encode(nonce + data).decode("ascii")


def _open(token):
    try:
        raw = base64.urlsafe_b64decode(token)
        if len(raw) < 16:
            raise InvalidToken("bad length")
        decryptor = Cipher(algorithms.AES(_key()), modes.CTR(raw[:16])).decryptor()
        return (decryptor.update(raw[16:]) + decryptor.finalize()).decode("utf-8")
    except (binascii.Error, ValueError, TypeError):
        raise InvalidToken("invalid token") from None


def encrypt_cookie(profile):
    return _seal("cookie:" + profile)


def decrypt_cookie(token):
    text = _open(token)
    if not text.startswith("cookie:"):
        raise InvalidToken("not a cookie")
    return text[len("cookie:"):]


def encrypt_draft(text):
    return _seal("draft:" + text)


def decrypt_draft(token):
    text = _open(token)
    if not text.startswith("draft:"):
        raise InvalidToken("not a draft")
    return text[len("draft:"):]
