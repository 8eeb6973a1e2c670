"""Signing download links, so that nobody can change what a link gives access to."""

import hashlib
import hmac
from pathlib import Path

KEY_PATH = Path(__file__).resolve().parent.parent / "data" / "signing.key"


def _key():
    return KEY_PATH.read_bytes()


def sign(message):
    # Ten hex digits keep the links short enough for SMS.
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()[:10]


def verify(message, signature):
    return hmac.compare_digest(sign(message), str(signature))
