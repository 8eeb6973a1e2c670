"""Gate passes for the Northquay logistics depot: AES-CBC, then HMAC-SHA256 (encrypt-then-MAC).

Token layout (hex): version(1) | IV(16) | ciphertext | tag(32). The tag covers everything
before it, IV included, and is checked in constant time before anything is decrypted, so
padding is only ever looked at for passes the office really issued. Encryption and MAC use
two different keys derived from the site key with HKDF.
"""

import hmac
import os
from hashlib import sha256
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_FILE = Path("data/pass.key")
VERSION = b"\x02"
TAG_SIZE = 32


class BadPass(ValueError):
    """The pass cannot be used (damaged, forged, or not a pass at all)."""


class BadPadding(BadPass):
    """Only possible for a pass with a valid tag, i.e. never for a forged one."""


def _keys():
    if not KEY_FILE.exists():
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_bytes(os.urandom(32))
    material = HKDF(algorithm=hashes.SHA256(), length=64, salt=None,
                    info=b"northquay gate pass: enc+mac").derive(KEY_FILE.read_bytes())
    return material[:32], material[32:]


def issue_pass(fields):
    enc_key, mac_key = _keys()
    text = ";".join(f"{name}={value}" for name, value in fields.items()).encode("utf-8")
    padder = padding.PKCS7(128).padder()
    data = padder.update(text) + padder.finalize()
    iv = os.urandom(16)
    encryptor = Cipher(algorithms.AES(enc_key), modes.CBC(iv)).encryptor()
    head = VERSION + iv + encryptor.update(data) + encryptor.finalize()
    return (head + hmac.new(mac_key, head, sha256).digest()).hex()


def read_pass(token):
    enc_key, mac_key = _keys()
    try:
        raw = bytes.fromhex(token)
    except (ValueError, TypeError):
        raise BadPass("invalid pass") from None
    head, tag = raw[:-TAG_SIZE], raw[-TAG_SIZE:]
    if len(raw) < 1 + 16 + 16 + TAG_SIZE or not hmac.compare_digest(hmac.new(mac_key, head, sha256).digest(), tag):
        raise BadPass("invalid pass")
    if head[:1] != VERSION or (len(head) - 17) % 16:
        raise BadPass("invalid pass")
    decryptor = Cipher(algorithms.AES(enc_key), modes.CBC(head[1:17])).decryptor()
    data = decryptor.update(head[17:]) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    text = (unpadder.update(data) + unpadder.finalize()).decode("utf-8")
    return dict(item.split("=", 1) for item in text.split(";"))
