"""Shared by both judges: per-run signing keys, releases and the ECDSA arithmetic the judge needs.

The judge generates the signing key, so for every signature it sees it can work out the
nonce k the signer used: k = s^-1 * (z + r*d) mod n. That lets the fix judge look at the
nonces themselves (repeated, related, short, derived from public data) and not only at
whether two r values happen to be equal.
"""

import hashlib
import json
import secrets

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed, encode_dss_signature

N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551

MODELS = ("TH-120", "TH-220", "TH-240", "TH-340", "TH-360 Pro", "Aster-S", "Aster-M", "Boreal-2", "Cirrus-7")


def new_key():
    """(d, public key object, keys/signing.pub text)."""
    d = secrets.randbelow(N - 1) + 1
    public = ec.derive_private_key(d, ec.SECP256R1()).public_key()
    numbers = public.public_numbers()
    pub_hex = "04" + numbers.x.to_bytes(32, "big").hex() + numbers.y.to_bytes(32, "big").hex()
    return d, public, pub_hex


def install_key(run):
    d, public, pub_hex = new_key()
    run.data.update(d=d, public=public, pub_hex=pub_hex)
    run.target.write_file("keys/signing.key", f"{d:064x}\n")
    run.target.write_file("keys/signing.pub", pub_hex + "\n")


def set_device(run, model, version, firmware=b""):
    run.target.write_file("device/state.json", json.dumps({"model": model, "version": version}))
    run.target.write_file("device/firmware.bin", firmware)


def image(run, size=None):
    size = run.rand.randint(200, 3000) if size is None else size
    return b"LUMENFW\x00" + run.rand.randbytes(max(size - 8, 0))


def version(run, major=None):
    major = run.rand.randint(2, 9) if major is None else major
    return f"{major}.{run.rand.randint(0, 20)}.{run.rand.randint(0, 99)}"


def signed_bytes(model, version, sha):
    return b"\n".join([b"lumen-firmware/1", model.encode("utf-8"), version.encode("utf-8"), sha.encode("ascii")])


def digest(data):
    return int.from_bytes(hashlib.sha256(data).digest(), "big")


def verifies(public, z, r, s):
    if not (isinstance(r, int) and isinstance(s, int) and 0 < r < N and 0 < s < N):
        return False
    try:
        public.verify(encode_dss_signature(r, s), z.to_bytes(32, "big"), ec.ECDSA(Prehashed(hashes.SHA256())))
        return True
    except InvalidSignature:
        return False


def nonce(d, z, r, s):
    """The k behind a valid signature, given the private key."""
    return pow(s, -1, N) * (z + r * d) % N


def recover(z1, s1, z2, s2, r):
    """What an attacker does with two signatures that share r: (k, d)."""
    k = (z1 - z2) * pow(s1 - s2, -1, N) % N
    d = (s1 * k - z1) * pow(r, -1, N) % N
    return k, d
