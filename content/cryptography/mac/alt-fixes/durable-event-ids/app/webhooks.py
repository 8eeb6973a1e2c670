"""POST /webhooks/tidepay, checked the way TidePay's guide asks.

Replays are caught in the database: the payments table already records every booked event
id, so an id found there is acknowledged and not booked again, even after a restart.
"""

import hashlib
import hmac
import json
import time
from contextlib import closing
from pathlib import Path

from app import wallet

SECRET_PATH = Path(__file__).resolve().parent.parent / "data" / "tidepay_secret"
MAX_AGE = 5 * 60


class Refused(Exception):
    def __init__(self, status, error):
        super().__init__(error)
        self.reply = {"status": status, "error": error}


def _signed_parts(header):
    """The timestamp and every v1 signature in a Tide-Signature header."""
    timestamp, signatures = None, []
    for item in header.split(","):
        key, sep, value = item.partition("=")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        if key == "t":
            timestamp = value
        elif key == "v1":
            signatures.append(value)
    if timestamp is None or not timestamp.isdigit() or not signatures:
        raise Refused(400, "malformed Tide-Signature header")
    return int(timestamp), signatures


def _check(header, body):
    timestamp, signatures = _signed_parts(header)
    key = SECRET_PATH.read_bytes().strip()
    mac = hmac.new(key, b"%d." % timestamp + body, hashlib.sha256).hexdigest().encode()
    if not any(hmac.compare_digest(mac, s.encode("ascii", "replace")) for s in signatures):
        raise Refused(401, "bad signature")
    if abs(time.time() - timestamp) > MAX_AGE:
        raise Refused(401, "stale or future timestamp")


def _already_booked(event_id):
    with closing(wallet.connect()) as conn:
        return conn.execute("SELECT 1 FROM payments WHERE event_id = ?", (event_id,)).fetchone() is not None


def receive(headers, body):
    try:
        _check(headers.get("Tide-Signature", ""), body)
        event = json.loads(body)
        if not isinstance(event, dict) or "id" not in event:
            raise Refused(400, "not a TidePay event")
    except Refused as refused:
        return refused.reply
    except ValueError:
        return {"status": 400, "error": "body is not JSON"}
    if _already_booked(event["id"]):
        return {"status": 200, "duplicate": True}
    wallet.apply_event(event)
    return {"status": 200}
