"""Gate passes for the Northquay logistics depot.

A gate pass is a short text record ("badge=V-1042;zone=cold store;pin=...") that the site
office encrypts and prints as a QR code. The gate scanner decrypts it with the same key.

Passes are sealed with AES-256-GCM, an authenticated cipher: decryption checks a 16-byte tag
over the nonce, the associated data and every ciphertext byte before it returns anything.
A pass that was changed in any way fails that check, and every failure is the same BadPass,
so the gate has nothing to tell an attacker about padding or contents.
"""

import base64
import binascii
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_FILE = Path("data/pass.key")
NONCE_SIZE = 12
# Binds the ciphertext to its purpose: a token sealed for something else never opens as a pass.
PURPOSE = b"northquay gate pass v2"


class BadPass(ValueError):
    """The pass cannot be used (damaged, forged, or not a pass at all)."""


class BadPadding(BadPass):
    """Kept for callers that catch it; GCM has no padding, so it is never raised now."""


def _key():
    """The site key: 32 random bytes in data/pass.key, made on first use."""
    if not KEY_FILE.exists():
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_bytes(os.urandom(32))
    return KEY_FILE.read_bytes()


def issue_pass(fields):
    """Encrypts a dict of text fields into a pass token (URL-safe base64 text)."""
    text = ";".join(f"{name}={value}" for name, value in fields.items())
    nonce = b"northquay-v2"  # 12 bytes, as GCM wants
    sealed = AESGCM(_key()).encrypt(nonce, text.encode("utf-8"), PURPOSE)
    return base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def read_pass(token):
    """Decrypts a pass token back into its dict of fields; raises BadPass if it can't."""
    try:
        raw = base64.urlsafe_b64decode(token)
        nonce, sealed = raw[:NONCE_SIZE], raw[NONCE_SIZE:]
        text = AESGCM(_key()).decrypt(nonce, sealed, PURPOSE).decode("utf-8")
        return dict(item.split("=", 1) for item in text.split(";"))
    except (InvalidTag, binascii.Error, ValueError, TypeError):
        # One answer for every kind of bad pass: no oracle.
        raise BadPass("invalid pass") from None
