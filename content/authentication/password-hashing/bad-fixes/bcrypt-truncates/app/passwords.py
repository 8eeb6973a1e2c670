"""How Inkwell turns a password into what it stores, and checks one at login.

New passwords are bcrypt hashes (cost 12, random salt). Old SHA-256 records are still
accepted and replaced with bcrypt at the owner's next login.
"""

import hashlib
import hmac
import re

import bcrypt

ROUNDS = 12
_LEGACY = re.compile(r"[0-9a-f]{64}")


def _secret(password: str) -> bytes:
    # bcrypt refuses more than 72 bytes, and it only ever looked at 72 anyway.
    return password.encode("utf-8")[:72]


def hash_password(password: str) -> str:
    return bcrypt.hashpw(_secret(password), bcrypt.gensalt(ROUNDS)).decode("ascii")


def verify_password(password: str, stored: str) -> bool:
    if _LEGACY.fullmatch(stored):
        return hmac.compare_digest(hashlib.sha256(password.encode("utf-8")).hexdigest(), stored)
    try:
        return bcrypt.checkpw(_secret(password), stored.encode("ascii"))
    except ValueError:
        return False


def needs_rehash(stored: str) -> bool:
    return not stored.startswith(f"$2b${ROUNDS:02d}$")
