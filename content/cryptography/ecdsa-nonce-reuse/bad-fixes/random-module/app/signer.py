"""The build server's release signer (see the original for usage)."""

import hashlib
import random
import hmac
from pathlib import Path

from app import ecdsa
from app.release import image_hash, signed_bytes

KEY_PATH = Path(__file__).resolve().parent.parent / "keys" / "signing.key"


def load_private_key():
    return int(KEY_PATH.read_text(encoding="ascii").strip(), 16)


def _nonce(d, manifest, data):
    # A fresh random k for every signature.
    return random.randrange(1, ecdsa.N)


def sign_release(model, version, image):
    manifest = {"model": model, "version": version, "sha256": image_hash(image)}
    d = load_private_key()
    data = signed_bytes(manifest)
    z = ecdsa.digest(data)
    r, s = ecdsa.sign_digest(d, z, _nonce(d, manifest, data))
    manifest["r"], manifest["s"] = r, s
    return manifest

