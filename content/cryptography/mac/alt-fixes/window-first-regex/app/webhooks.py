"""POST /webhooks/tidepay, checked the way TidePay's guide says."""

import hashlib
import hmac
import json
import re
import time
from contextlib import closing
from pathlib import Path

from app import wallet

SECRET_PATH = Path(__file__).resolve().parent.parent / "data" / "tidepay_secret"
WINDOW = 5 * 60
PAIR = re.compile(r"\s*([a-z0-9]+)=([^,]*?)\s*(?:,|$)")


def _already_booked(event_id):
    with closing(wallet.connect()) as conn:
        return conn.execute("SELECT 1 FROM payments WHERE event_id = ?", (str(event_id),)).fetchone() is not None


def receive(headers, body):
    header = headers.get("Tide-Signature") or ""
    pairs = PAIR.findall(header)
    stamps = [v for k, v in pairs if k == "t"]
    sigs = [v for k, v in pairs if k == "v1"]
    if len(stamps) != 1 or not stamps[0].isdigit() or not sigs:
        return {"status": 400, "error": "malformed signature header"}
    if abs(time.time() - int(stamps[0])) > WINDOW:
        return {"status": 401, "error": "too old or too new"}
    mac = hmac.new(SECRET_PATH.read_bytes().strip(), stamps[0].encode() + b"." + body, hashlib.sha256)
    expected = mac.hexdigest().encode()
    ok = False
    for sig in sigs:
        ok |= hmac.compare_digest(expected, sig.encode("ascii", "replace"))
    if not ok:
        return {"status": 401, "error": "bad signature"}
    try:
        event = json.loads(body)
        event_id = event["id"]
    except (ValueError, TypeError, KeyError):
        return {"status": 400, "error": "not an event"}
    if _already_booked(event_id):
        return {"status": 200, "duplicate": True}
    wallet.apply_event(event)
    return {"status": 200}
