"""The build server's release signer.

    python -m app.signer TH-220 4.2.0 build/th220.bin

Same hand-written ECDSA as the thermostats, but every signature draws its nonce from the
operating system's CSPRNG, uniformly in [1, N-1].
"""

import secrets
import sys
from pathlib import Path

from app import ecdsa
from app.release import image_hash, signed_bytes

KEY_PATH = Path(__file__).resolve().parent.parent / "keys" / "signing.key"


def load_private_key():
    return int(KEY_PATH.read_text(encoding="ascii").strip(), 16)


def sign_release(model, version, image):
    """The signed manifest for one firmware image (bytes) of one thermostat model."""
    manifest = {"model": model, "version": version, "sha256": image_hash(image)}
    d = load_private_key()
    z = ecdsa.digest(signed_bytes(manifest))
    while True:
        try:
            r, s = ecdsa.sign_digest(d, z, 1 + secrets.randbelow(ecdsa.N - 1))
            break
        except ValueError:  # r or s came out 0: astronomically rare, draw again
            continue
    manifest.update(r=r, s=s)
    return manifest


if __name__ == "__main__":
    import json

    model, version, path = sys.argv[1:4]
    print(json.dumps(sign_release(model, version, Path(path).read_bytes()), indent=2))
