"""Signing download links with HMAC-SHA384 (hmac.digest, one call), written in unpadded base64url."""

import base64
import hmac
from pathlib import Path

KEY_PATH = Path(__file__).resolve().parent.parent / "data" / "signing.key"


def sign(message):
    tag = hmac.digest(KEY_PATH.read_bytes(), message, "sha384")
    return base64.urlsafe_b64encode(tag).decode("ascii").rstrip("=")


def verify(message, signature):
    try:
        given = signature.encode("ascii")
    except (AttributeError, UnicodeEncodeError):
        return False
    return hmac.compare_digest(sign(message).encode("ascii"), given)
