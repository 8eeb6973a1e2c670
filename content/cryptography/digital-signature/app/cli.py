"""Install a downloaded package by hand:

    python -m app.cli downloads/tallyline-4.3.0.json

A package file on disk is JSON with the three fields base64-encoded.
"""

import base64
import json
import sys

from app.updater import UpdateRejected, apply_update, installed


def load_package(path):
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    package = dict(raw)
    for key in ("manifest", "signature", "payload"):
        if isinstance(raw.get(key), str):
            package[key] = base64.b64decode(raw[key])
    return package


def main(argv):
    if len(argv) != 1:
        print(__doc__.strip())
        return 2
    print("installed now:", installed())
    try:
        print("updated to", apply_update(load_package(argv[0])))
    except UpdateRejected as err:
        print("rejected:", err)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
