"""Shared by both judges: per-run identities, and meterlink/2 as task.md specifies it.

The judge plays either end of a session with this reference implementation (it holds all
identity keys, since it made them), and it plays the man in the middle with keys of its own.
"""

import json
import os

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

HELLO = b"meterlink/2 hello"
REPLY = b"meterlink/2 reply"
KEYS = b"meterlink/2 keys"

# X25519 points of small order: exchanging with any of them gives an all-zero secret.
LOW_ORDER = [bytes(32), (1).to_bytes(32, "little"),
             bytes.fromhex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
             bytes.fromhex("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"),
             bytes.fromhex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")]


def raw_pub(private):
    return private.public_key().public_bytes_raw()


def provision(run, target=True):
    """New identity keys for both ends (and a new meter); written into the target."""
    ids = {who: Ed25519PrivateKey.generate() for who in ("meter", "headend")}
    run.data["ids"] = ids
    for who, key in ids.items():
        run.target.write_file(f"keys/{who}.key", key.private_bytes_raw().hex() + "\n")
        run.target.write_file(f"keys/{who}.pub", raw_pub(key).hex() + "\n")
    meter = {"serial": f"GW-{run.rand.randint(10, 99)}-{run.token(3).upper()}", "token": run.flag(),
             "kwh": round(run.rand.uniform(150, 9000), 1)}
    run.data["meter"] = meter
    run.target.write_file("config/meter.json", json.dumps(meter))
    return ids


def eph():
    return X25519PrivateKey.generate()


def session_keys(shared, e_m, e_s):
    okm = HKDF(hashes.SHA256(), 64, salt=None, info=KEYS + e_m + e_s).derive(shared)
    return okm[:32], okm[32:]  # meter -> head-end, head-end -> meter


def exchange(private, peer_raw):
    return private.exchange(X25519PublicKey.from_public_bytes(peer_raw))


def seal(key, plaintext):
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, None)


def try_open(key, box):
    if not isinstance(box, bytes) or len(box) < 28:
        return None
    try:
        return AESGCM(key).decrypt(box[:12], box[12:], None)
    except InvalidTag:
        return None


def verify(public, signature, data):
    try:
        public.verify(signature, data)
        return True
    except (InvalidSignature, TypeError, ValueError):
        return False
