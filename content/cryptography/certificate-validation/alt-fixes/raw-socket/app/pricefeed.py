"""Price sync: fetch today's price list for one category from the head-office price service.

The service speaks HTTPS. Each store authenticates with its own API key (an Authorization
header); head office answers with the category's prices as JSON. The service's certificate
is issued by Fernhill's own certificate authority, not by a public one, so the till has to be
told which CA to trust: that is the ca_file in config/tillsync.json.
"""

import http.client
import json
import socket
import ssl
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

TIMEOUT = 3  # seconds; the tills sit on slow shop broadband
USER_AGENT = "fernhill-tillsync/3.2"


class PriceFeedError(Exception):
    """The price service could not be used; the till keeps yesterday's prices."""


def _connect(service):
    """A TLS socket to the service whose certificate chain and name have been verified.

    wrap_socket() does the handshake at once; with server_hostname given and a context from
    create_default_context(), OpenSSL checks the chain up to the Fernhill CA, the validity
    dates and the name, and raises ssl.SSLCertVerificationError before we send anything.
    """
    context = ssl.create_default_context(cafile=service["ca_file"])
    raw = socket.create_connection((service["host"], service["port"]), timeout=TIMEOUT)
    try:
        return context.wrap_socket(raw, server_hostname=service["host"])
    except BaseException:
        raw.close()
        raise


def fetch_prices(service, category):
    """Today's price list for `category`, as head office sent it.

    `service` is the "service" dict from app.settings.load(): host, port, ca_file, api_key.
    Returns {"category": ..., "currency": ..., "prices": {sku: "12.99", ...}, "ref": ...}.
    Raises PriceFeedError when the service says no or sends something that is not a price
    list; connection problems raise as OSError (ssl.SSLError is one).
    """
    request = (f"GET /v2/prices/{quote(category, safe='')} HTTP/1.1\r\n"
               f"Host: {service['host']}:{service['port']}\r\n"
               f"Authorization: Bearer {service['api_key']}\r\n"
               "Accept: application/json\r\n"
               f"User-Agent: {USER_AGENT}\r\n"
               "Connection: close\r\n\r\n")
    with _connect(service) as tls:
        tls.sendall(request.encode("latin-1"))
        response = http.client.HTTPResponse(tls)
        response.begin()
        body = response.read(1_000_000)
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
