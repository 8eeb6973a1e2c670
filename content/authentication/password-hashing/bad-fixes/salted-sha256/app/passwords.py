"""How Inkwell turns a password into what it stores, and checks one at login.

Passwords are now salted: sha256(salt + password) with a random salt per user, stored as
sha256$<salt hex>$<digest hex>. Old unsalted records are still accepted and upgraded.
"""

import hashlib
import hmac
import os
import re

_LEGACY = re.compile(r"[0-9a-f]{64}")


def _digest(salt: bytes, password: str) -> str:
    return hashlib.sha256(salt + password.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    return f"sha256${salt.hex()}${_digest(salt, password)}"


def verify_password(password: str, stored: str) -> bool:
    if _LEGACY.fullmatch(stored):
        return hmac.compare_digest(hashlib.sha256(password.encode("utf-8")).hexdigest(), stored)
    try:
        scheme, salt_hex, digest = stored.split("$")
        salt = bytes.fromhex(salt_hex)
    except ValueError:
        return False
    if scheme != "sha256":
        return False
    return hmac.compare_digest(_digest(salt, password), digest)


def needs_rehash(stored: str) -> bool:
    return not stored.startswith("sha256$")
