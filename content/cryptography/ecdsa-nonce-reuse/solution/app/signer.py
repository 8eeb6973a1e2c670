"""The build server's release signer.

    python -m app.signer TH-220 4.2.0 build/th220.bin

The private key lives in keys/signing.key (a hex integer) and never leaves the build server;
every thermostat has the matching public key (keys/signing.pub) burnt in at the factory.

The thermostats keep verifying with the small app/ecdsa.py, but the build server runs
CPython, so it signs with `cryptography`: OpenSSL draws a fresh, uniformly random nonce from
the operating system for every signature, and this file never touches k at all.
"""

import sys
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from app.release import image_hash, signed_bytes

KEY_PATH = Path(__file__).resolve().parent.parent / "keys" / "signing.key"


def load_private_key():
    d = int(KEY_PATH.read_text(encoding="ascii").strip(), 16)
    return ec.derive_private_key(d, ec.SECP256R1())


def sign_release(model, version, image):
    """The signed manifest for one firmware image (bytes) of one thermostat model."""
    manifest = {"model": model, "version": version, "sha256": image_hash(image)}
    der = load_private_key().sign(signed_bytes(manifest), ec.ECDSA(hashes.SHA256()))
    manifest["r"], manifest["s"] = decode_dss_signature(der)
    return manifest


if __name__ == "__main__":
    import json

    model, version, path = sys.argv[1:4]
    print(json.dumps(sign_release(model, version, Path(path).read_bytes()), indent=2))
