"""Signing download links, so that nobody can change what a link gives access to."""

import hashlib
import hmac
from pathlib import Path

KEY_PATH = Path(__file__).resolve().parent.parent / "data" / "signing.key"


def _key():
    return KEY_PATH.read_bytes()


def sign(message):
    """BLAKE2b has a key input of its own (up to 64 bytes): keyed BLAKE2 is a MAC by design."""
    return hashlib.blake2b(message, key=_key(), digest_size=32, person=b"ledgerly-links").hexdigest()


def verify(message, signature):
    return isinstance(signature, str) and hmac.compare_digest(sign(message), signature)
