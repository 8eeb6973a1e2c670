"""The build server's release signer.

    python -m app.signer TH-220 4.2.0 build/th220.bin

The private key lives in keys/signing.key (a hex integer) and never leaves the build server;
every thermostat has the matching public key (keys/signing.pub) burnt in at the factory.
"""

import hashlib
import hmac
import sys
from pathlib import Path

from app import ecdsa
from app.release import image_hash, signed_bytes

KEY_PATH = Path(__file__).resolve().parent.parent / "keys" / "signing.key"


def load_private_key():
    return int(KEY_PATH.read_text(encoding="ascii").strip(), 16)


def _nonce(d, message):
    # Deterministic: a keyed hash of the exact bytes being signed, under the private key.
    wide = hmac.new(d.to_bytes(32, "big"), b"lumen-nonce" + message, hashlib.sha512).digest()
    return int.from_bytes(wide, "big") % (ecdsa.N - 1) + 1


def sign_release(model, version, image):
    """The signed manifest for one firmware image (bytes) of one thermostat model."""
    manifest = {"model": model, "version": version, "sha256": image_hash(image)}
    d = load_private_key()
    z = ecdsa.digest(signed_bytes(manifest))
    r, s = ecdsa.sign_digest(d, z, _nonce(d, signed_bytes(manifest)))
    manifest["r"], manifest["s"] = r, s
    return manifest


if __name__ == "__main__":
    import json

    model, version, path = sys.argv[1:4]
    print(json.dumps(sign_release(model, version, Path(path).read_bytes()), indent=2))
