"""Signing download links, so that nobody can change what a link gives access to.

The portal signs the query part of every link with a key only the server knows. A link
whose signature doesn't match its query is refused.
"""

import hashlib
from pathlib import Path

KEY_PATH = Path(__file__).resolve().parent.parent / "data" / "signing.key"


def _key():
    """The signing key: random bytes written once at install time."""
    return KEY_PATH.read_bytes()


def sign(message):
    """The signature of `message` (bytes), as a hex string. Only someone with the key can make it."""
    return hashlib.sha256(_key() + message).hexdigest()


def verify(message, signature):
    """True when `signature` is the signature of `message`."""
    return sign(message) == signature
