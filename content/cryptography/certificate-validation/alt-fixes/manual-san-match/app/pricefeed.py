"""Price sync: fetch today's price list for one category from the head-office price service.

The service speaks HTTPS. Each store authenticates with its own API key (an Authorization
header); head office answers with the category's prices as JSON. The service's certificate
is issued by Fernhill's own certificate authority, not by a public one, so the till has to be
told which CA to trust: that is the ca_file in config/tillsync.json.
"""

import http.client
import json
import ssl
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

TIMEOUT = 3  # seconds; the tills sit on slow shop broadband
USER_AGENT = "fernhill-tillsync/3.2"


class PriceFeedError(Exception):
    """The price service could not be used; the till keeps yesterday's prices."""


def _open(service):
    """A verified TLS connection: chain checked in the handshake, host name checked before any request."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False  # checked by hand below, against the SAN list
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(cafile=service["ca_file"])
    conn = http.client.HTTPSConnection(service["host"], service["port"], context=context, timeout=TIMEOUT)
    conn.connect()
    names = [value for kind, value in conn.sock.getpeercert().get("subjectAltName", ()) if kind == "DNS"]
    if not any(_matches(pattern, service["host"]) for pattern in names):
        conn.close()
        raise ssl.SSLCertVerificationError(f"certificate is not valid for {service['host']!r}")
    return conn


def _matches(pattern, host):
    pattern, host = pattern.lower().rstrip("."), host.lower().rstrip(".")
    if pattern.startswith("*."):
        head, _, tail = host.partition(".")
        return bool(head) and tail == pattern[2:]
    return pattern == host


def fetch_prices(service, category):
    """Today's price list for `category`, as head office sent it."""
    conn = _open(service)
    try:
        conn.request("GET", "/v2/prices/" + quote(category, safe=""), headers={
            "Authorization": "Bearer " + service["api_key"],
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        })
        response = conn.getresponse()
        body = response.read(1_000_000)
    finally:
        conn.close()
    if response.status != 200:
        raise PriceFeedError(f"price service answered {response.status} {response.reason}")
    return _price_list(body, category)


def _price_list(body, category):
    try:
        data = json.loads(body)
        prices = {str(sku): str(price) for sku, price in data["prices"].items()}
        if data["category"] != category or any(Decimal(p) < 0 for p in prices.values()):
            raise ValueError("not the list we asked for")
        return {"category": data["category"], "currency": str(data["currency"]),
                "prices": prices, "ref": str(data.get("ref", ""))}
    except (ValueError, KeyError, TypeError, AttributeError, InvalidOperation) as exc:
        raise PriceFeedError(f"price service sent something that is not a price list: {exc}") from exc
