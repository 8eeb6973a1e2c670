"""Signing download links: the key goes last, so nothing can be appended after it."""

import hashlib
import hmac
from pathlib import Path

KEY_PATH = Path(__file__).resolve().parent.parent / "data" / "signing.key"


def _key():
    return KEY_PATH.read_bytes()


def sign(message):
    # key at the end, so nothing can be appended after it
    return hashlib.sha256(message + _key()).hexdigest()


def verify(message, signature):
    if not isinstance(signature, str):
        return False
    return hmac.compare_digest(sign(message).encode(), signature.encode())


def _legacy(message):
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()
