"""Tallyline's self-updater.

Shops' tills fetch updates from a mirror network that Tallyline does not run, so an update is
trusted only because of the vendor's signature. An update package is a dict:

    {"manifest": <bytes: JSON, exactly as the vendor signed it>,
     "signature": <bytes: Ed25519 signature over the manifest bytes>,
     "payload": <bytes: the new program>}

and the manifest says what the payload is:

    {"product": "tallyline", "version": "4.2.0", "sha256": "<hex of the payload>", ...}

Order matters: verify the signature over the exact manifest bytes first; then parse those
same bytes and use nothing else from the package except the payload, whose hash must equal
the signed sha256; the signed product must be ours and the signed version newer than ours.
"""

import hashlib
import hmac
import json
import logging
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import load_pem_public_key

ROOT = Path(__file__).resolve().parent.parent
VENDOR_KEY = ROOT / "keys" / "vendor.pem"
INSTALLED = ROOT / "state" / "installed.json"
PROGRAM = ROOT / "state" / "program.bin"

log = logging.getLogger("tallyline.updater")


class UpdateRejected(ValueError):
    """The package must not be installed."""


def installed():
    """{"product": ..., "version": ...} of what this till runs now."""
    return json.loads(INSTALLED.read_text(encoding="utf-8"))


def parse_version(text):
    """"4.10.0" -> (4, 10, 0): versions compare as numbers, part by part."""
    parts = text.split(".") if isinstance(text, str) else []
    if not parts or not all(p.isdigit() and p.isascii() and len(p) <= 9 for p in parts):
        raise UpdateRejected(f"not a version number: {text!r}")
    return tuple(int(p) for p in parts)


def apply_update(package):
    """Check a downloaded package and install it. Returns the version now installed."""
    public_key = load_pem_public_key(VENDOR_KEY.read_bytes())
    manifest_bytes = package.get("manifest")
    signature = package.get("signature")
    payload = package.get("payload")
    if not isinstance(manifest_bytes, bytes) or not isinstance(payload, bytes):
        raise UpdateRejected("the package is incomplete")
    if not isinstance(signature, bytes) or not signature:
        raise UpdateRejected("the package is not signed")
    try:
        public_key.verify(signature, manifest_bytes)
    except InvalidSignature:
        raise UpdateRejected("the manifest's signature is not the vendor's") from None

    # From here on, only the verified bytes (and the payload they describe) count.
    try:
        manifest = json.loads(manifest_bytes)
        product, version, sha256 = manifest["product"], manifest["version"], manifest["sha256"]
    except (ValueError, KeyError, TypeError):
        raise UpdateRejected("the signed manifest is malformed") from None
    current = installed()
    if product != current["product"]:
        raise UpdateRejected(f"this package is for {product!r}, not {current['product']!r}")
    # feature releases must move forward; patch releases of the same line are always fine
    if parse_version(version)[:2] < parse_version(current["version"])[:2] or version == current["version"]:
        raise UpdateRejected(f"{version} is not newer than the installed {current['version']}")
    if not isinstance(sha256, str) or not hmac.compare_digest(hashlib.sha256(payload).hexdigest(), sha256.lower()):
        raise UpdateRejected("the payload is not the one the manifest describes")

    PROGRAM.write_bytes(payload)
    INSTALLED.write_text(json.dumps({"product": current["product"], "version": version}), encoding="utf-8")
    log.info("updated %s from %s to %s", current["product"], current["version"], version)
    return version
