"""How Inkwell turns a password into what it stores, and checks one at login.

New passwords are stored as Argon2id hashes made by argon2-cffi. Each hash gets its own
random 16-byte salt, so equal passwords no longer give equal hashes and no table built in
advance fits; and each guess costs 64 MiB of memory and three passes over it, which is what
makes a word list slow even on a GPU. The string records its own parameters, e.g.
$argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>, so we can raise the cost later.

Accounts created before this change still hold unsalted SHA-256 hex. They keep working, and
needs_rehash() tells users.login() to replace each one with Argon2id the next time its owner
logs in: the only moment the plain password is at hand.
"""

import hashlib
import hmac
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's defaults (RFC 9106's low-memory profile: t=3, m=64 MiB, p=4) are above
# OWASP's minimum and take about a tenth of a second here. Tune them to your hardware.
_hasher = PasswordHasher()

# What the old code stored: hashlib.sha256(password).hexdigest().
_LEGACY = re.compile(r"[0-9a-f]{64}")


def hash_password(password: str) -> str:
    """The string stored for `password`: an Argon2id hash with a fresh random salt."""
    return _hasher.hash(password)


def verify_password(password: str, stored: str) -> bool:
    """True when `password` is the password `stored` was made from."""
    if _LEGACY.fullmatch(stored):
        candidate = hashlib.sha256(password.encode("utf-8")).hexdigest()
        # compare_digest takes as long for a near miss as for a wild guess; == would not.
        return hmac.compare_digest(candidate, stored)
    try:
        # Recomputes with the salt and parameters inside `stored`, compares in constant time.
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True for old SHA-256 records and for Argon2 hashes made with weaker parameters than today's."""
    if _LEGACY.fullmatch(stored):
        return True
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True
