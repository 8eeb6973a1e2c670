"""Signing download links, so that nobody can change what a link gives access to."""

import hashlib
import secrets
from pathlib import Path

KEY_PATH = Path(__file__).resolve().parent.parent / "data" / "signing.key"


def _key():
    return KEY_PATH.read_bytes()


def sign(message):
    h = hashlib.sha1()
    h.update(_key())
    h.update(message)
    return h.hexdigest()


def verify(message, signature):
    return secrets.compare_digest(sign(message), str(signature))
