"""Long-term identity keys, provisioned at the factory.

Every meter gets an Ed25519 key pair when it is built; the head-end (the utility's server that
collects readings) has one too. Each side is given the other's public key in advance:

    keys/meter.key     the meter's private key (on the meter only)
    keys/headend.pub   the head-end's public key (burnt into every meter)
    keys/headend.key   the head-end's private key (on the head-end only)
    keys/meter.pub     this meter's public key (in the head-end's device registry)

All four files hold 32 bytes as hex. In this lab both ends run in one program, so all four
live side by side.
"""

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEYS = Path(__file__).resolve().parent.parent / "keys"


def load_private(name):
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex((KEYS / name).read_text(encoding="ascii").strip()))


def load_public(name):
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex((KEYS / name).read_text(encoding="ascii").strip()))
