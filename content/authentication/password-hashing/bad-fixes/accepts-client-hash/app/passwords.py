"""How Inkwell turns a password into what it stores, and checks one at login.

New passwords are Argon2id hashes (argon2-cffi). Version 1 of the desktop client hashed the
password itself and sent sha256(password) as hex instead of the password; those clients are
still in use, so a login may carry either form and both must work.
"""

import hashlib
import hmac
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
_HEX64 = re.compile(r"[0-9a-f]{64}")


def _client_digest(password: str) -> str:
    """What a version 1 client would have sent for this login."""
    if _HEX64.fullmatch(password):
        return password  # already hashed by an old client
    return hashlib.sha256(password.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    # Hash the client digest, so that both kinds of client produce the same input.
    return _hasher.hash(_client_digest(password))


def verify_password(password: str, stored: str) -> bool:
    if _HEX64.fullmatch(stored):
        return hmac.compare_digest(_client_digest(password), stored)
    try:
        return _hasher.verify(stored, _client_digest(password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    if _HEX64.fullmatch(stored):
        return True
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True
