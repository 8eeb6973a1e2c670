"""How Inkwell turns a password into what it stores, and checks one at login.

Standard library only: hashlib.scrypt, which is memory-hard (each guess needs 128 MiB), with
a fresh 16-byte salt per password. The stored string names its parameters in the PHC style
used by passlib, so they can be raised later without breaking old records:

    $scrypt$ln=17,r=8,p=1$<salt, base64>$<hash, base64>

Accounts from before the change hold unsalted SHA-256 hex; they still log in and are moved
to scrypt at their next login.
"""

import base64
import binascii
import hashlib
import hmac
import os
import re

LOG2_N, R, P = 17, 8, 1  # OWASP's first scrypt row: N=2^17, r=8, p=1
SALT_BYTES, KEY_BYTES = 16, 32
# scrypt needs 128 * r * N bytes; OpenSSL refuses anything above maxmem (default 32 MiB).
MAXMEM = 128 * R * (2**LOG2_N) + (4 << 20)

_FORMAT = re.compile(r"\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)")
_LEGACY = re.compile(r"[0-9a-f]{64}")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _scrypt(password: str, salt: bytes, log2_n: int, r: int, p: int, size: int) -> bytes:
    maxmem = 128 * r * (2**log2_n + p + 2) + (4 << 20)
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=2**log2_n, r=r, p=p, maxmem=maxmem, dklen=size)


def hash_password(password: str) -> str:
    salt = os.urandom(SALT_BYTES)
    key = _scrypt(password, salt, LOG2_N, R, P, KEY_BYTES)
    return f"$scrypt$ln={LOG2_N},r={R},p={P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    if _LEGACY.fullmatch(stored):
        return hmac.compare_digest(hashlib.sha256(password.encode("utf-8")).hexdigest(), stored)
    match = _FORMAT.fullmatch(stored)
    if not match:
        return False
    log2_n, r, p = (int(g) for g in match.group(1, 2, 3))
    if log2_n > 20:  # refuse a record that would need gigabytes to check
        return False
    try:
        salt, expected = _unb64(match[4]), _unb64(match[5])
    except binascii.Error:
        return False
    return hmac.compare_digest(_scrypt(password, salt, log2_n, r, p, len(expected)), expected)


def needs_rehash(stored: str) -> bool:
    match = _FORMAT.fullmatch(stored)
    return match is None or (int(match[1]), int(match[2]), int(match[3])) < (LOG2_N, R, P)
