"""Signing download links, so that nobody can change what a link gives access to."""

import base64
import hmac
import secrets
from pathlib import Path

KEY_PATH = Path(__file__).resolve().parent.parent / "data" / "signing.key"


def _key():
    return KEY_PATH.read_bytes()


def sign(message):
    """HMAC-SHA512 in one call, written as URL-safe base64 without padding (86 characters)."""
    tag = hmac.digest(_key(), message, "sha512")
    return base64.urlsafe_b64encode(tag).rstrip(b"=").decode("ascii")


def verify(message, signature):
    try:
        given = signature.encode("ascii")
    except (AttributeError, UnicodeEncodeError):
        return False
    return secrets.compare_digest(sign(message).encode("ascii"), given)
