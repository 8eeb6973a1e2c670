"""The gateway: every request to the intranet passes through handle().

Alternative fix: the request-target is parsed once into an immutable Request holding the
canonical path and its routing parts; the access rules look only at that object, and
route() gets exactly the path stored in it. Percent-decoding is a small strict decoder of
its own (a malformed escape or invalid UTF-8 is a 400), control characters are refused.
"""

import hmac
import re
import unicodedata
from dataclasses import dataclass

from app.pages import admin_key, route, split_route

_HEX_PAIR = re.compile(r"[0-9A-Fa-f]{2}")


class BadRequest(ValueError):
    pass


@dataclass(frozen=True)
class Request:
    path: str  # decoded once, NFKC
    section: str  # as pages.split_route() sees it
    rest: str

    @classmethod
    def parse(cls, target):
        path = unicodedata.normalize("NFKC", _percent_decode(target.partition("?")[0]))
        if any(unicodedata.category(ch) == "Cc" for ch in path):
            raise BadRequest("control characters")
        section, rest = split_route(path)
        return cls(path, section, rest)


def _percent_decode(raw):
    """Exactly one round of %XX decoding, then strict UTF-8 (no overlong forms, no surrogates)."""
    data = bytearray()
    i = 0
    while i < len(raw):
        if raw[i] == "%":
            pair = raw[i + 1:i + 3]
            if not _HEX_PAIR.fullmatch(pair):
                raise BadRequest("a % that does not start an escape")
            data.append(int(pair, 16))
            i += 3
        else:
            data += raw[i].encode("utf-8")  # a client that sent raw text
            i += 1
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("escapes that are not valid UTF-8") from None


def handle(target, headers=None):
    """Answer one request. Returns (status, body)."""
    headers = headers or {}
    try:
        request = Request.parse(target)
    except BadRequest as err:
        return 400, f"bad request: {err}\n"
    if ".." in request.path.split("/") or "\\" in request.path:
        return 400, "bad path\n"
    if request.section == "admin" and not _is_admin(headers):
        return 403, "administrators only\n"
    return route(request.path, headers)


def _is_admin(headers):
    key = headers.get("X-Admin-Key", "")
    return hmac.compare_digest(key.encode("utf-8"), admin_key().encode("utf-8"))
