"""How Inkwell turns a password into what it stores, and checks one at login.

Passwords are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, a random IV per token), so
the database holds nothing readable and equal passwords give different tokens. Old SHA-256
records are still accepted and replaced at the owner's next login.
"""

import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken

# Generated once with Fernet.generate_key().
_KEY = b"x2b1qvS2Ocd1Y3o6kK0lqgS9F0fZbq1oWbV8wO4m3sE="
_fernet = Fernet(_KEY)
_LEGACY = re.compile(r"[0-9a-f]{64}")


def hash_password(password: str) -> str:
    return _fernet.encrypt(password.encode("utf-8")).decode("ascii")


def verify_password(password: str, stored: str) -> bool:
    if _LEGACY.fullmatch(stored):
        return hmac.compare_digest(hashlib.sha256(password.encode("utf-8")).hexdigest(), stored)
    try:
        plain = _fernet.decrypt(stored.encode("ascii"))
    except (InvalidToken, ValueError):
        return False
    return hmac.compare_digest(plain, password.encode("utf-8"))


def needs_rehash(stored: str) -> bool:
    return bool(_LEGACY.fullmatch(stored))
