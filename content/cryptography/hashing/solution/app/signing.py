"""Signing download links, so that nobody can change what a link gives access to.

The signature is an HMAC-SHA256 of the decoded query under the server's key. HMAC hashes
the key twice around the message (inner and outer hash), so the signature of one message
says nothing about the signature of a longer one: the length extension that breaks
sha256(key + message) does not apply. Checking uses hmac.compare_digest, which takes the
same time wherever the first wrong character is, so response times don't leak how much of
a guessed signature is right.
"""

import hashlib
import hmac
from pathlib import Path

KEY_PATH = Path(__file__).resolve().parent.parent / "data" / "signing.key"


def _key():
    """The signing key: random bytes written once at install time."""
    return KEY_PATH.read_bytes()


def sign(message):
    """HMAC-SHA256 of `message` (bytes) under the portal's key, as 64 hex digits."""
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def verify(message, signature):
    """True when `signature` is the signature of `message`."""
    if not isinstance(signature, str):
        return False
    return hmac.compare_digest(sign(message).encode(), signature.encode())
