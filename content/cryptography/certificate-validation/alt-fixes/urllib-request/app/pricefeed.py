"""Price sync: fetch today's price list for one category from the head-office price service.

The service speaks HTTPS. Each store authenticates with its own API key (an Authorization
header); head office answers with the category's prices as JSON. The service's certificate
is issued by Fernhill's own certificate authority, not by a public one, so the till has to be
told which CA to trust: that is the ca_file in config/tillsync.json.
"""

import json
import ssl
import urllib.error
import urllib.request
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

TIMEOUT = 3  # seconds; the tills sit on slow shop broadband
USER_AGENT = "fernhill-tillsync/3.2"


class PriceFeedError(Exception):
    """The price service could not be used; the till keeps yesterday's prices."""


# No proxies from the environment and no redirects to other hosts: the request, with the API
# key in it, goes to the configured service and nowhere else.
class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _opener(service):
    context = ssl.create_default_context(cafile=service["ca_file"])
    return urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                       urllib.request.HTTPSHandler(context=context), _NoRedirect)


def fetch_prices(service, category):
    """Today's price list for `category`, as head office sent it.

    `service` is the "service" dict from app.settings.load(): host, port, ca_file, api_key.
    Returns {"category": ..., "currency": ..., "prices": {sku: "12.99", ...}, "ref": ...}.
    Raises PriceFeedError when the service says no or sends something that is not a price
    list; connection problems, a certificate that does not verify among them, raise as
    urllib.error.URLError (an OSError) and are never retried.
    """
    url = f"https://{service['host']}:{service['port']}/v2/prices/{quote(category, safe='')}"
    request = urllib.request.Request(url, headers={
        "Authorization": "Bearer " + service["api_key"],
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
    })
    try:
        with _opener(service).open(request, timeout=TIMEOUT) as response:
            body = response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        raise PriceFeedError(f"price service answered {exc.code} {exc.reason}") from exc
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
