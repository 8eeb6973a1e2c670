"""How TidePay signs the webhooks it sends (from their integration guide; not our code to change).

Every POST carries the header

    Tide-Signature: t=<unix time>,v1=<hex>,v0=<hex>

    v1 = HMAC-SHA256(signing secret, f"{t}." + raw body)    # current scheme
    v0 = HMAC-SHA256(signing secret, raw body)              # legacy, kept for old integrations

"Verify v1 over the raw bytes of the body, exactly as received. Reject a request whose t is
more than 5 minutes away from your clock, and process each event id only once: we retry
deliveries, and a captured request can be sent again by anyone."

sign() is what TidePay does; the demo and the tests use it to make requests.
"""

import hashlib
import hmac
import json
import time


def sign(secret, body, timestamp=None):
    """The Tide-Signature header TidePay would send for `body` (bytes) at `timestamp`."""
    t = int(time.time()) if timestamp is None else int(timestamp)
    v1 = hmac.new(secret, f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    v0 = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return f"t={t},v1={v1},v0={v0}"


def event_body(event):
    """TidePay's JSON: compact, UTF-8, not ASCII-escaped."""
    return json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
