"""What a release manifest is and which bytes its signature covers.

A manifest is a small JSON object published next to each firmware image:

    {"model": "TH-220", "version": "4.2.0", "sha256": "<hex of the image>", "r": <int>, "s": <int>}

The signature covers signed_bytes(manifest): the format tag, model, version and image hash,
one per line. Both the signer and the thermostat build these bytes with this function.
"""

import hashlib

FORMAT = b"lumen-firmware/1"


def image_hash(image):
    return hashlib.sha256(image).hexdigest()


def signed_bytes(manifest):
    return b"\n".join([FORMAT, manifest["model"].encode("utf-8"), manifest["version"].encode("utf-8"),
                       manifest["sha256"].encode("ascii")])


def parse_version(text):
    """"4.2.0" -> (4, 2, 0), so versions compare as numbers, not as strings."""
    parts = text.split(".")
    if not parts or not all(p.isdigit() and len(p) <= 6 for p in parts):
        raise ValueError(f"not a version number: {text!r}")
    return tuple(int(p) for p in parts)
