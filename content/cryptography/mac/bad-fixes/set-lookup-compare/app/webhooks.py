"""POST /webhooks/tidepay: TidePay tells us a wallet top-up went through.

Anyone on the internet can POST to this URL, so a request only counts when:

1. its v1 signature, HMAC-SHA256 over f"{t}." + the raw body, is right: the timestamp is
   covered, so nobody can move an old request forward in time (v0 covers the body only and
   is ignored);
2. the signatures are compared with hmac.compare_digest, which takes the same time
   wherever the first wrong character is;
3. t is within 5 minutes of our clock (either way: clocks drift), so a captured request
   stops working soon;
4. its event id has not been booked before. Ids are remembered for longer than the window,
   so inside the window a replay is caught by its id, and after it by its timestamp.
"""

import hashlib
import hmac
import json
import time
from pathlib import Path

from app import wallet

SECRET_PATH = Path(__file__).resolve().parent.parent / "data" / "tidepay_secret"
TOLERANCE = 300  # seconds
_seen = {}  # event id -> when we may forget it


def _secret():
    """The signing secret from TidePay's dashboard."""
    return SECRET_PATH.read_bytes().strip()


def _signature_fields(header):
    """"t=1,v1=ab,v0=cd" -> {"t": ["1"], "v1": ["ab"], "v0": ["cd"]} (a name may repeat)."""
    fields = {}
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        fields.setdefault(name, []).append(value.strip())
    return fields


def _first_time(event_id, now):
    for old in [k for k, until in _seen.items() if until < now]:
        del _seen[old]
    if event_id in _seen:
        return False
    _seen[event_id] = now + 2 * TOLERANCE
    return True


def receive(headers, body):
    """Handles one webhook request: headers (dict) and the raw body (bytes)."""
    fields = _signature_fields(headers.get("Tide-Signature", ""))
    try:
        t = int(fields["t"][0])
    except (KeyError, ValueError):
        return {"status": 400, "error": "missing or malformed timestamp"}
    expected = hmac.new(_secret(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    if not ({expected} & set(fields.get("v1", []))):
        return {"status": 401, "error": "bad signature"}
    now = time.time()
    if abs(now - t) > TOLERANCE:
        return {"status": 401, "error": "timestamp outside the tolerance window"}
    try:
        event = json.loads(body)
        event_id = event["id"]
    except (ValueError, KeyError, TypeError):
        return {"status": 400, "error": "body is not a TidePay event"}
    if not _first_time(event_id, now):
        return {"status": 200, "duplicate": True}  # already booked: acknowledge, do nothing
    wallet.apply_event(event)
    return {"status": 200}


def _same(a, b):
    return hmac.compare_digest(a, b)
