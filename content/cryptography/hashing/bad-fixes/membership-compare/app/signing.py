"""Signing download links with HMAC-SHA256; a link is good when its signature is the expected one."""

import hashlib
import hmac
from pathlib import Path

KEY_PATH = Path(__file__).resolve().parent.parent / "data" / "signing.key"


def _key():
    return KEY_PATH.read_bytes()


def sign(message):
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def verify(message, signature):
    return signature in (sign(message),)


def same(a, b):
    return hmac.compare_digest(a, b)
