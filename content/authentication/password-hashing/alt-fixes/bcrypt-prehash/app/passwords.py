"""How Inkwell turns a password into what it stores, and checks one at login.

bcrypt, cost 12: about a quarter of a second per guess here, and bcrypt draws and stores
its own 16-byte salt ($2b$12$<salt><hash>). bcrypt reads at most 72 bytes of input (the
bcrypt package refuses longer ones), so every password is first reduced to the base64 of
its SHA-256: 44 bytes that depend on every character, long passphrases included.

Old unsalted SHA-256 records still log in, and are replaced at their owner's next login.
"""

import base64
import hashlib
import hmac

import bcrypt

COST = 12


def _prehash(password: str) -> bytes:
    # base64, not the raw digest: bcrypt stops at the first NUL byte.
    return base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())


def _is_legacy(stored: str) -> bool:
    return len(stored) == 64 and all(c in "0123456789abcdef" for c in stored)


def _cost(stored: str) -> int:
    try:
        return int(stored.split("$")[2])
    except (IndexError, ValueError):
        return 0


def hash_password(password: str) -> str:
    return bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds=COST)).decode("ascii")


def verify_password(password: str, stored: str) -> bool:
    if _is_legacy(stored):
        old = hashlib.sha256(password.encode("utf-8")).hexdigest().encode("ascii")
        return hmac.compare_digest(old, stored.encode("ascii"))
    try:
        return bcrypt.checkpw(_prehash(password), stored.encode("ascii"))
    except ValueError:  # not a bcrypt hash at all
        return False


def needs_rehash(stored: str) -> bool:
    return _is_legacy(stored) or not stored.startswith("$2b$") or _cost(stored) < COST
