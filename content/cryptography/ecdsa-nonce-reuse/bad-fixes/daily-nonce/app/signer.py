"""The build server's release signer (see the original for usage)."""

import datetime
import hashlib
import hmac
from pathlib import Path

from app import ecdsa
from app.release import image_hash, signed_bytes

KEY_PATH = Path(__file__).resolve().parent.parent / "keys" / "signing.key"


def load_private_key():
    return int(KEY_PATH.read_text(encoding="ascii").strip(), 16)


def _nonce(d, manifest, data):
    # Keyed, and rotated every day: a leaked k is only good for one day's builds.
    day = datetime.date.today().isoformat().encode()
    mac = hmac.new(d.to_bytes(32, "big"), day, hashlib.sha256).digest()
    return int.from_bytes(mac, "big") % (ecdsa.N - 1) + 1


def sign_release(model, version, image):
    manifest = {"model": model, "version": version, "sha256": image_hash(image)}
    d = load_private_key()
    data = signed_bytes(manifest)
    z = ecdsa.digest(data)
    r, s = ecdsa.sign_digest(d, z, _nonce(d, manifest, data))
    manifest["r"], manifest["s"] = r, s
    return manifest

