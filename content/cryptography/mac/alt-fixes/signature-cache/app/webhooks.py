"""POST /webhooks/tidepay: timestamped HMAC, a time window, and a replay cache.

The replay cache holds the verified (t, v1) pair, decoded to bytes: a replay carries the
same t and the same v1 however its header is written, and inside the window a request
with a new t needs a new signature that only TidePay can make. Entries older than the
window are dropped, because the window already refuses those requests.
"""

import hashlib
import hmac
import json
import secrets
import time
from collections import OrderedDict
from pathlib import Path

from app import wallet

SECRET_PATH = Path(__file__).resolve().parent.parent / "data" / "tidepay_secret"
WINDOW = 300
_recent = OrderedDict()  # (t, signature bytes) -> t


def _fields(header):
    out = {}
    for part in header.split(","):
        name, _, value = part.partition("=")
        out.setdefault(name.strip(), []).append(value.strip())
    return out


def receive(headers, body):
    fields = _fields(headers.get("Tide-Signature", ""))
    try:
        t = int(fields.get("t", [""])[0])
        given = [bytes.fromhex(v) for v in fields.get("v1", []) if v]
    except ValueError:
        return {"status": 400, "error": "malformed signature header"}
    now = time.time()
    if abs(now - t) > WINDOW:
        return {"status": 401, "error": "timestamp outside the window"}
    mac = hmac.digest(SECRET_PATH.read_bytes().strip(), str(t).encode() + b"." + body, "sha256")
    match = next((g for g in given if secrets.compare_digest(mac, g)), None)
    if match is None:
        return {"status": 401, "error": "bad signature"}
    while _recent and next(iter(_recent.values())) < now - WINDOW:
        _recent.popitem(last=False)
    if (t, match) in _recent:
        return {"status": 200, "duplicate": True}
    _recent[(t, match)] = t
    try:
        event = json.loads(body)
    except ValueError:
        return {"status": 400, "error": "body is not JSON"}
    wallet.apply_event(event)
    return {"status": 200}
