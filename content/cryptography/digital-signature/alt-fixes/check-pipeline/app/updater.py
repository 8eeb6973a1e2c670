"""Tallyline's self-updater, as a pipeline of checks that each raise UpdateRejected.

The payload hash is checked against the signed manifest before the version policy, and the
program is written to a temporary file and moved into place, so a crash never leaves half
a program behind.
"""

import hashlib
import hmac
import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import load_pem_public_key

ROOT = Path(__file__).resolve().parent.parent
VENDOR_KEY = ROOT / "keys" / "vendor.pem"
INSTALLED = ROOT / "state" / "installed.json"
PROGRAM = ROOT / "state" / "program.bin"


class UpdateRejected(ValueError):
    """The package must not be installed."""


def installed():
    return json.loads(INSTALLED.read_text(encoding="utf-8"))


def _verified_manifest(package):
    manifest_bytes, signature = package.get("manifest"), package.get("signature")
    if not signature or not isinstance(signature, bytes) or not isinstance(manifest_bytes, bytes):
        raise UpdateRejected("unsigned or incomplete package")
    try:
        load_pem_public_key(VENDOR_KEY.read_bytes()).verify(signature, manifest_bytes)
    except InvalidSignature:
        raise UpdateRejected("signature does not verify") from None
    manifest = json.loads(manifest_bytes)
    if not isinstance(manifest, dict):
        raise UpdateRejected("manifest is not an object")
    return manifest


def _check_payload(manifest, payload):
    expected = manifest.get("sha256")
    if not isinstance(payload, bytes) or not isinstance(expected, str):
        raise UpdateRejected("no payload or no hash")
    if not hmac.compare_digest(hashlib.sha256(payload).hexdigest().encode(), expected.encode()):
        raise UpdateRejected("payload hash mismatch")


def _version_key(text):
    try:
        numbers = [int(part, 10) for part in text.split(".")]
    except (AttributeError, ValueError):
        raise UpdateRejected("bad version") from None
    if any(n < 0 for n in numbers):
        raise UpdateRejected("bad version")
    return numbers


def _check_policy(manifest, current):
    if manifest.get("product") != current["product"]:
        raise UpdateRejected("wrong product")
    if not _version_key(manifest.get("version")) > _version_key(current["version"]):
        raise UpdateRejected("not an upgrade")


def apply_update(package):
    manifest = _verified_manifest(package)
    _check_payload(manifest, package.get("payload"))
    current = installed()
    _check_policy(manifest, current)
    tmp = PROGRAM.with_suffix(".new")
    tmp.write_bytes(package["payload"])
    os.replace(tmp, PROGRAM)
    INSTALLED.write_text(json.dumps({"product": current["product"], "version": manifest["version"]}),
                         encoding="utf-8")
    return manifest["version"]
