"""The thermostat's updater: the only code that decides what firmware a thermostat runs.

An update is a manifest (see app/release.py) and an image. Anyone on the network can offer
one (the update server, a phone app on the same Wi-Fi, an attacker), so the thermostat trusts
an update only when

  - the manifest is for this model,
  - its version is newer than the running one,
  - the image matches the manifest's sha256, and
  - the manifest is signed with the key whose public half is in keys/signing.pub.

State lives in device/: state.json ({"model": ..., "version": ...}) and firmware.bin.
"""

import json
from pathlib import Path

from app import ecdsa
from app.release import image_hash, parse_version, signed_bytes

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_KEY = ROOT / "keys" / "signing.pub"
STATE = ROOT / "device" / "state.json"
FIRMWARE = ROOT / "device" / "firmware.bin"


class UpdateRejected(ValueError):
    pass


def state():
    return json.loads(STATE.read_text(encoding="utf-8"))


def install_update(manifest, image):
    """Check an offered update and install it. Returns a short status line."""
    current = state()
    try:
        model, version, sha = manifest["model"], manifest["version"], manifest["sha256"]
        r, s = manifest["r"], manifest["s"]
    except (KeyError, TypeError):
        raise UpdateRejected("the manifest is incomplete") from None
    if not all(isinstance(v, str) for v in (model, version, sha)) or not isinstance(image, bytes):
        raise UpdateRejected("the manifest fields have the wrong types")
    if model != current["model"]:
        raise UpdateRejected(f"this update is for {model}, not for this {current['model']}")
    if parse_version(version) <= parse_version(current["version"]):
        raise UpdateRejected(f"version {version} is not newer than the installed {current['version']}")
    if image_hash(image) != sha:
        raise UpdateRejected("the image does not match the manifest's sha256")
    public = ecdsa.decode_point(PUBLIC_KEY.read_text(encoding="ascii"))
    if not ecdsa.verify_digest(public, ecdsa.digest(signed_bytes(manifest)), r, s):
        raise UpdateRejected("bad signature")
    FIRMWARE.write_bytes(image)
    STATE.write_text(json.dumps({"model": model, "version": version}), encoding="utf-8")
    return f"installed {model} {version}"
