"""How Inkwell turns a password into what it stores, and checks one at login.

Passwords are stored base64-encoded, so they are not readable in the database. Old SHA-256
records are still accepted and replaced at the owner's next login.
"""

import base64
import hashlib
import hmac
import re

_LEGACY = re.compile(r"[0-9a-f]{64}")
PREFIX = "b64:"


def hash_password(password: str) -> str:
    return PREFIX + base64.b64encode(password.encode("utf-8")).decode("ascii")


def verify_password(password: str, stored: str) -> bool:
    if _LEGACY.fullmatch(stored):
        return hmac.compare_digest(hashlib.sha256(password.encode("utf-8")).hexdigest(), stored)
    return hmac.compare_digest(hash_password(password), stored)


def needs_rehash(stored: str) -> bool:
    return not stored.startswith(PREFIX)
