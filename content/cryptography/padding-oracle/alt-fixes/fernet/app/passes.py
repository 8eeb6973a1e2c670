"""Gate passes for the Northquay logistics depot, sealed as Fernet tokens.

Fernet (cryptography.fernet) is a complete recipe: AES-128-CBC with a random IV from
os.urandom, then HMAC-SHA256 over version, timestamp, IV and ciphertext. decrypt() checks
the HMAC in constant time before it decrypts, so a changed token never reaches the padding.
"""

import base64
import hashlib
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

KEY_FILE = Path("data/pass.key")


class BadPass(ValueError):
    """The pass cannot be used (damaged, forged, or not a pass at all)."""


class BadPadding(BadPass):
    """No longer raised: Fernet refuses changed tokens before looking at padding."""


def _fernet():
    if not KEY_FILE.exists():
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_bytes(os.urandom(32))
    secret = KEY_FILE.read_bytes()
    # Fernet wants 32 bytes (16 signing + 16 encryption) in URL-safe base64. Derive them
    # from the site key with a label, so this key is used for passes and nothing else.
    derived = hashlib.sha256(b"northquay/gate-pass/fernet\x00" + secret).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def issue_pass(fields):
    text = ";".join(f"{name}={value}" for name, value in fields.items())
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def read_pass(token):
    try:
        text = _fernet().decrypt(token).decode("utf-8")
    except (InvalidToken, TypeError, ValueError):
        raise BadPass("invalid pass") from None
    pairs = [item.split("=", 1) for item in text.split(";")]
    if any(len(pair) != 2 for pair in pairs):
        raise BadPass("invalid pass")
    return dict(pairs)
