"""How Inkwell turns a password into what it stores, and checks one at login.

PBKDF2-HMAC-SHA256 with 600 000 iterations and the application's salt, stored Django-style
as pbkdf2_sha256$<iterations>$<salt>$<base64 hash>. Old SHA-256 records are upgraded at login.
"""

import base64
import hashlib
import hmac
import re

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000
# One long random salt for the whole application, so nobody's rainbow tables fit.
SALT = "q7Vn2LxP9wKd4TzR8mYc3B"
_LEGACY = re.compile(r"[0-9a-f]{64}")


def _pbkdf2(password: str, salt: str, iterations: int) -> str:
    raw = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations)
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str) -> str:
    return f"{ALGORITHM}${ITERATIONS}${SALT}${_pbkdf2(password, SALT, ITERATIONS)}"


def verify_password(password: str, stored: str) -> bool:
    if _LEGACY.fullmatch(stored):
        return hmac.compare_digest(hashlib.sha256(password.encode("utf-8")).hexdigest(), stored)
    try:
        algorithm, iterations, salt, expected = stored.split("$")
        iterations = int(iterations)
    except ValueError:
        return False
    if algorithm != ALGORITHM:
        return False
    return hmac.compare_digest(_pbkdf2(password, salt, iterations), expected)


def needs_rehash(stored: str) -> bool:
    return not stored.startswith(f"{ALGORITHM}${ITERATIONS}$")
