"""POST /webhooks/tidepay: TidePay tells us a wallet top-up went through.

Anyone on the internet can POST to this URL, so a request only counts when its signature
proves it comes from TidePay (see app/tidepay.py for their scheme).
"""

import hashlib
import hmac
import json
from pathlib import Path

from app import wallet

SECRET_PATH = Path(__file__).resolve().parent.parent / "data" / "tidepay_secret"


def _secret():
    """The signing secret from TidePay's dashboard."""
    return SECRET_PATH.read_bytes().strip()


def _signature_fields(header):
    """"t=1,v1=ab,v0=cd" -> {"t": "1", "v1": "ab", "v0": "cd"}"""
    fields = {}
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        fields[name] = value
    return fields


def receive(headers, body):
    """Handles one webhook request: headers (dict) and the raw body (bytes).

    Returns {"status": <HTTP status>} (and "error" when refused).
    """
    fields = _signature_fields(headers.get("Tide-Signature", ""))
    expected = hmac.new(_secret(), body, hashlib.sha256).hexdigest()
    if fields.get("v0") != expected:
        return {"status": 401, "error": "bad signature"}
    try:
        event = json.loads(body)
    except ValueError:
        return {"status": 400, "error": "body is not JSON"}
    wallet.apply_event(event)
    return {"status": 200}
