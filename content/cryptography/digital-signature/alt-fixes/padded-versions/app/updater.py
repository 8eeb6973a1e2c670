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
import re
from itertools import zip_longest
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


_VERSION = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,9}){0,5}")


def newer(offered, current):
    """True when `offered` is a higher version than `current`; 4.10 == 4.10.0 (missing parts are 0)."""
    if not (isinstance(offered, str) and _VERSION.fullmatch(offered)):
        raise UpdateRejected(f"not a version number: {offered!r}")
    for a, b in zip_longest(offered.split("."), current.split("."), fillvalue="0"):
        if int(a) != int(b):
            return int(a) > int(b)
    return False


def _checked_manifest(package, public_key):
    """The verified manifest as a dict; nothing else from the package is used."""
    if not isinstance(package, dict):
        raise UpdateRejected("not an update package")
    raw, sig = package.get("manifest"), package.get("signature")
    if type(raw) is not bytes or type(sig) is not bytes or len(sig) != 64:
        raise UpdateRejected("unsigned or malformed package")
    try:
        public_key.verify(sig, raw)
        manifest = json.loads(raw.decode("utf-8"))
    except InvalidSignature:
        raise UpdateRejected("bad signature") from None
    except ValueError:
        raise UpdateRejected("the signed manifest is not JSON") from None
    if not isinstance(manifest, dict):
        raise UpdateRejected("the signed manifest is not an object")
    return manifest


def apply_update(package):
    """Check a downloaded package and install it. Returns the version now installed."""
    manifest = _checked_manifest(package, load_pem_public_key(VENDOR_KEY.read_bytes()))
    payload = package.get("payload")
    current = installed()
    if manifest.get("product") != current["product"]:
        raise UpdateRejected("package for another product")
    version = manifest.get("version")
    if not newer(version, current["version"]):
        raise UpdateRejected(f"{version} is not newer than {current['version']}")
    digest = manifest.get("sha256")
    if type(payload) is not bytes or not isinstance(digest, str) or not hmac.compare_digest(
            hashlib.sha256(payload).hexdigest(), digest.lower()):
        raise UpdateRejected("payload does not match the signed manifest")
    PROGRAM.write_bytes(payload)
    INSTALLED.write_text(json.dumps({"product": current["product"], "version": version}), encoding="utf-8")
    return version
