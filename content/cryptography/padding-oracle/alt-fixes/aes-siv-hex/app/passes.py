"""Gate passes for the Northquay logistics depot, sealed with AES-SIV (RFC 5297).

AES-SIV is a misuse-resistant AEAD: the synthetic IV is a MAC over the associated data and
the plaintext, checked on decryption before anything is returned. A random 16-byte nonce is
passed as associated data, so the same fields never give the same pass.
Token: hex(nonce | siv | ciphertext).
"""

import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV

KEY_FILE = Path("data/pass.key")


class BadPass(ValueError):
    """The pass cannot be used (damaged, forged, or not a pass at all)."""


class BadPadding(BadPass):
    """No padding any more; kept so old callers still import it."""


def _siv():
    if not KEY_FILE.exists():
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_bytes(os.urandom(32))
    return AESSIV(KEY_FILE.read_bytes())  # 32 bytes: AES-128-SIV (two 128-bit keys)


def issue_pass(fields):
    text = ";".join(f"{name}={value}" for name, value in fields.items())
    nonce = os.urandom(16)
    return (nonce + _siv().encrypt(text.encode("utf-8"), [b"gate pass", nonce])).hex()


def read_pass(token):
    try:
        raw = bytes.fromhex(token)
        if len(raw) < 32:
            raise BadPass("too short")
        text = _siv().decrypt(raw[16:], [b"gate pass", raw[:16]]).decode("utf-8")
        fields = {}
        for item in text.split(";"):
            name, sep, value = item.partition("=")
            if not sep:
                raise BadPass("unreadable pass")
            fields[name] = value
        return fields
    except (InvalidTag, ValueError, TypeError) as err:
        raise BadPass("invalid pass") from err
