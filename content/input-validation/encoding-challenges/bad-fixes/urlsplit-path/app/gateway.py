"""The gateway: canonicalise with urlsplit + strict unquote + NFKC, then check, then route."""

import hmac
import unicodedata
from urllib.parse import unquote, urlsplit

from app.pages import admin_key, route, split_route


def handle(target, headers=None):
    headers = headers or {}
    try:
        path = unicodedata.normalize("NFKC", unquote(urlsplit(target).path, errors="strict"))
    except (UnicodeDecodeError, ValueError):
        return 400, "bad request\n"
    if ".." in path.split("/") or "\\" in path or "\0" in path:
        return 400, "bad path\n"
    if split_route(path)[0] == "admin" and not hmac.compare_digest(headers.get("X-Admin-Key", "").encode(), admin_key().encode()):
        return 403, "administrators only\n"
    return route(path, headers)
