"""The build server's release signer, with deterministic nonces done properly (RFC 6979).

    python -m app.signer TH-220 4.2.0 build/th220.bin

k comes out of an HMAC-SHA256 DRBG seeded with the private key AND the message digest
(RFC 6979, section 3.2): it is unpredictable without the key, different for every message,
and needs no entropy on the build server. Signing the same release twice gives the same
signature, which keeps builds reproducible.
"""

import hashlib
import hmac
import sys
from pathlib import Path

from app import ecdsa
from app.release import image_hash, signed_bytes

KEY_PATH = Path(__file__).resolve().parent.parent / "keys" / "signing.key"
QLEN = ecdsa.N.bit_length()  # 256
RLEN = (QLEN + 7) // 8


def load_private_key():
    return int(KEY_PATH.read_text(encoding="ascii").strip(), 16)


def _bits2int(data):
    value = int.from_bytes(data, "big")
    extra = len(data) * 8 - QLEN
    return value >> extra if extra > 0 else value


def _int2octets(value):
    return value.to_bytes(RLEN, "big")


def _bits2octets(data):
    return _int2octets(_bits2int(data) % ecdsa.N)


def rfc6979_nonce(d, h1):
    """RFC 6979 3.2 with HMAC-SHA256; h1 is the SHA-256 digest of the message."""
    v = b"\x01" * 32
    k = b"\x00" * 32
    seed = _int2octets(d) + _bits2octets(h1)
    k = hmac.new(k, v + b"\x00" + seed, hashlib.sha256).digest()
    v = hmac.new(k, v, hashlib.sha256).digest()
    k = hmac.new(k, v + b"\x01" + seed, hashlib.sha256).digest()
    v = hmac.new(k, v, hashlib.sha256).digest()
    while True:
        t = b""
        while len(t) < RLEN:
            v = hmac.new(k, v, hashlib.sha256).digest()
            t += v
        candidate = _bits2int(t)
        if 1 <= candidate < ecdsa.N:
            return candidate
        k = hmac.new(k, v + b"\x00", hashlib.sha256).digest()
        v = hmac.new(k, v, hashlib.sha256).digest()


def sign_release(model, version, image):
    """The signed manifest for one firmware image (bytes) of one thermostat model."""
    manifest = {"model": model, "version": version, "sha256": image_hash(image)}
    d = load_private_key()
    h1 = hashlib.sha256(signed_bytes(manifest)).digest()
    r, s = ecdsa.sign_digest(d, int.from_bytes(h1, "big"), rfc6979_nonce(d, h1))
    manifest["r"], manifest["s"] = r, s
    return manifest


if __name__ == "__main__":
    import json

    model, version, path = sys.argv[1:4]
    print(json.dumps(sign_release(model, version, Path(path).read_bytes()), indent=2))
