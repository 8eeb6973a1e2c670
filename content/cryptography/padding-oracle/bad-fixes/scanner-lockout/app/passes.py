"""Gate passes for the Northquay logistics depot.

A gate pass is a short text record ("badge=V-1042;zone=cold store;pin=...") that the site
office encrypts and prints as a QR code. The gate scanner decrypts it with the same key.
Nobody outside the office has the key, so the office assumed that nobody can read the PIN
inside a pass or change a pass.
"""

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

KEY_FILE = Path("data/pass.key")
MAX_FAILURES = 3  # a padding-oracle attack needs thousands of bad passes; stop it after a few
_failures = 0


class BadPass(ValueError):
    """The pass cannot be used (damaged, forged, or not a pass at all)."""


class BadPadding(BadPass):
    """The decrypted pass does not end with valid PKCS#7 padding."""


def _key():
    """The site key: 32 random bytes in data/pass.key, made on first use."""
    if not KEY_FILE.exists():
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_bytes(os.urandom(32))
    return KEY_FILE.read_bytes()


def issue_pass(fields):
    """Encrypts a dict of text fields into a pass token (URL-safe base64 text)."""
    text = ";".join(f"{name}={value}" for name, value in fields.items())
    padder = padding.PKCS7(128).padder()
    data = padder.update(text.encode("utf-8")) + padder.finalize()
    iv = os.urandom(16)
    encryptor = Cipher(algorithms.AES(_key()), modes.CBC(iv)).encryptor()
    return base64.urlsafe_b64encode(iv + encryptor.update(data) + encryptor.finalize()).decode("ascii")


def read_pass(token):
    """Decrypts a pass token back into its dict of fields; raises BadPass if it can't.

    After MAX_FAILURES bad passes the scanner locks and refuses every pass, with one message,
    so an attacker can't ask the thousands of questions a padding-oracle attack needs.
    """
    global _failures
    if _failures >= MAX_FAILURES:
        raise BadPass("scanner locked: too many bad passes")
    try:
        return _decrypt(token)
    except BadPass:
        _failures += 1
        raise BadPass("pass cannot be read") from None


def _decrypt(token):
    try:
        raw = base64.urlsafe_b64decode(token)
    except (ValueError, TypeError):
        raise BadPass("not a pass") from None
    if len(raw) < 32 or len(raw) % 16:
        raise BadPass("wrong length")
    iv, body = raw[:16], raw[16:]
    decryptor = Cipher(algorithms.AES(_key()), modes.CBC(iv)).decryptor()
    data = decryptor.update(body) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        text = unpadder.update(data) + unpadder.finalize()
    except ValueError:
        raise BadPadding("invalid padding") from None
    try:
        return dict(item.split("=", 1) for item in text.decode("utf-8").split(";"))
    except (UnicodeDecodeError, ValueError):
        raise BadPass("unreadable pass") from None
