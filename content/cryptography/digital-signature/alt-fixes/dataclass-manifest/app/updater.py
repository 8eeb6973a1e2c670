"""Tallyline's self-updater: the verified manifest becomes a typed, validated object."""

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

ROOT = Path(__file__).resolve().parent.parent
VENDOR_KEY = ROOT / "keys" / "vendor.pem"
INSTALLED = ROOT / "state" / "installed.json"
PROGRAM = ROOT / "state" / "program.bin"
VERSION = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,9})*")
SHA256 = re.compile(r"[0-9a-f]{64}")


class UpdateRejected(ValueError):
    """The package must not be installed."""


@dataclass(frozen=True)
class Manifest:
    product: str
    version: tuple
    version_text: str
    sha256: str

    @classmethod
    def from_verified(cls, raw):
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise UpdateRejected("manifest is not JSON") from None
        if not isinstance(data, dict):
            raise UpdateRejected("manifest is not an object")
        product, version, sha = data.get("product"), data.get("version"), data.get("sha256")
        if not isinstance(product, str) or not isinstance(version, str) or not VERSION.fullmatch(version):
            raise UpdateRejected("manifest lacks a product or a version")
        if not isinstance(sha, str) or not SHA256.fullmatch(sha):
            raise UpdateRejected("manifest lacks a sha256")
        return cls(product, tuple(map(int, version.split("."))), version, sha)


def installed():
    return json.loads(INSTALLED.read_text(encoding="utf-8"))


def _vendor_key():
    key = load_pem_public_key(VENDOR_KEY.read_bytes())
    if not isinstance(key, Ed25519PublicKey):
        raise UpdateRejected("keys/vendor.pem is not an Ed25519 key")
    return key


def apply_update(package):
    try:
        raw, signature, payload = package["manifest"], package["signature"], package["payload"]
    except (KeyError, TypeError):
        raise UpdateRejected("package must have manifest, signature and payload") from None
    if not all(isinstance(x, bytes) for x in (raw, signature, payload)):
        raise UpdateRejected("package fields must be bytes")
    try:
        _vendor_key().verify(signature, raw)
    except InvalidSignature:
        raise UpdateRejected("bad signature") from None
    manifest = Manifest.from_verified(raw)
    current = installed()
    current_version = tuple(map(int, current["version"].split(".")))
    if manifest.product != current["product"]:
        raise UpdateRejected("package is for another product")
    if manifest.version <= current_version:
        raise UpdateRejected("package is not newer than what is installed")
    if not secrets.compare_digest(hashlib.sha256(payload).hexdigest(), manifest.sha256):
        raise UpdateRejected("payload does not match the signed hash")
    PROGRAM.write_bytes(payload)
    INSTALLED.write_text(json.dumps({"product": manifest.product, "version": manifest.version_text}), encoding="utf-8")
    return manifest.version_text
