"""The build server's release signer, on cryptography with deterministic ECDSA.

    python -m app.signer TH-220 4.2.0 build/th220.bin

ec.ECDSA(..., deterministic_signing=True) makes OpenSSL derive k per RFC 6979 from the key
and the message, so there is no nonce code here to get wrong and rebuilds sign identically.
"""

import sys
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils

from app.release import image_hash, signed_bytes

KEY_PATH = Path(__file__).resolve().parent.parent / "keys" / "signing.key"
ALGORITHM = ec.ECDSA(hashes.SHA256(), deterministic_signing=True)


@lru_cache(maxsize=1)
def _key(text):
    return ec.derive_private_key(int(text, 16), ec.SECP256R1())


def sign_release(model, version, image):
    """The signed manifest for one firmware image (bytes) of one thermostat model."""
    key = _key(KEY_PATH.read_text(encoding="ascii").strip())
    body = {"model": model, "version": version, "sha256": image_hash(image)}
    r, s = utils.decode_dss_signature(key.sign(signed_bytes(body), ALGORITHM))
    return {**body, "r": r, "s": s}


if __name__ == "__main__":
    import json

    model, version, path = sys.argv[1:4]
    print(json.dumps(sign_release(model, version, Path(path).read_bytes()), indent=2))
