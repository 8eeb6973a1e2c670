"""The build server's release signer (see the original for usage)."""

import hashlib
import itertools
import secrets
import hmac
from pathlib import Path

from app import ecdsa
from app.release import image_hash, signed_bytes

KEY_PATH = Path(__file__).resolve().parent.parent / "keys" / "signing.key"


def load_private_key():
    return int(KEY_PATH.read_text(encoding="ascii").strip(), 16)


# A secret random starting point, then one step per signature: never the same k twice.
_BASE = secrets.randbelow(ecdsa.N // 2) + 1
_COUNTER = itertools.count()


def _nonce(d, manifest, data):
    return (_BASE + next(_COUNTER)) % ecdsa.N or 1


def sign_release(model, version, image):
    manifest = {"model": model, "version": version, "sha256": image_hash(image)}
    d = load_private_key()
    data = signed_bytes(manifest)
    z = ecdsa.digest(data)
    r, s = ecdsa.sign_digest(d, z, _nonce(d, manifest, data))
    manifest["r"], manifest["s"] = r, s
    return manifest

