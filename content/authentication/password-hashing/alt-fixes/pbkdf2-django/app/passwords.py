"""How Inkwell turns a password into what it stores, and checks one at login.

PBKDF2-HMAC-SHA256 from the standard library, 600 000 iterations (OWASP's 2023 figure),
with a random salt per password, stored in Django's format:

    pbkdf2_sha256$600000$<salt>$<base64 hash>

Each scheme the app has ever used is one small class; a stored value is checked by the
scheme that wrote it, and anything not written by the current scheme is upgraded at login.
"""

import base64
import hashlib
import secrets
import string


class LegacySha256:
    """What Inkwell stored until now: sha256(password) as 64 hex digits, no salt."""

    def matches(self, stored):
        return len(stored) == 64 and set(stored) <= set(string.hexdigits.lower())

    def verify(self, password, stored):
        digest = hashlib.sha256(password.encode("utf-8")).hexdigest()
        return secrets.compare_digest(digest, stored)


class Pbkdf2Sha256:
    PREFIX = "pbkdf2_sha256"

    def __init__(self, iterations):
        self.iterations = iterations

    def _derive(self, password, salt, iterations):
        key = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations)
        return base64.b64encode(key).decode("ascii")

    def matches(self, stored):
        return stored.startswith(self.PREFIX + "$") and stored.count("$") == 3

    def encode(self, password):
        salt = secrets.token_urlsafe(16)  # 16 random bytes as 22 characters
        return "$".join([self.PREFIX, str(self.iterations), salt, self._derive(password, salt, self.iterations)])

    def verify(self, password, stored):
        _, iterations, salt, expected = stored.split("$")
        if not iterations.isdigit():
            return False
        return secrets.compare_digest(self._derive(password, salt, int(iterations)), expected)

    def outdated(self, stored):
        return int(stored.split("$")[1]) < self.iterations


CURRENT = Pbkdf2Sha256(iterations=600_000)
SCHEMES = (CURRENT, LegacySha256())


def _scheme_for(stored):
    return next((s for s in SCHEMES if s.matches(stored)), None)


def hash_password(password: str) -> str:
    return CURRENT.encode(password)


def verify_password(password: str, stored: str) -> bool:
    scheme = _scheme_for(stored)
    return scheme is not None and scheme.verify(password, stored)


def needs_rehash(stored: str) -> bool:
    return _scheme_for(stored) is not CURRENT or CURRENT.outdated(stored)
