"""The gateway: every request to the intranet passes through handle().

`target` is the request-target exactly as it arrived in the HTTP request line:
percent-encoded, possibly with a ?query. The gateway turns it into the path that
app/pages.py routes on, and refuses requests that must not get there:

  * 400 for a path that tries to climb out of a folder ("..") or contains a backslash
    or a NUL character, and for escapes that are not valid UTF-8;
  * 403 for /admin/... without the right X-Admin-Key header.

The order is the whole point: first bring the path into the one form pages.route() will
use (decode exactly once, strictly; then NFKC), then check that form, then hand exactly
that value on. A check on any other spelling of the path checks a different string.
"""

import hmac
import unicodedata
from urllib.parse import unquote

from app.pages import admin_key, route, split_route


class BadPath(ValueError):
    """A request-target that has no valid canonical form."""


def handle(target, headers=None):
    """Answer one request. Returns (status, body)."""
    headers = headers or {}
    try:
        path = canonical_path(target.partition("?")[0])
    except BadPath as err:
        return 400, f"bad path: {err}\n"
    refusal = check_access(path, headers)
    if refusal:
        return refusal
    return route(unicodedata.normalize("NFKC", path), headers)


def canonical_path(raw_path):
    """The path as pages.route() wants it: decoded once and in NFKC form."""
    # Exactly one decoding step. A second one would turn %252e, which the check sees as
    # the harmless text "%2e", into "." after the check. errors="strict": Python's UTF-8
    # decoder refuses overlong forms (%C0%AE for ".") and other invalid sequences, which
    # a tolerant decoder would turn into dots and slashes.
    try:
        path = unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        raise BadPath("escapes that are not valid UTF-8") from None
    return path


def check_access(path, headers):
    """None if the (canonical) path may go on, else the (status, body) to answer with."""
    if ".." in path.split("/") or "\\" in path or "\0" in path:
        return 400, "bad path\n"
    # The same parsing as pages.route(): leading slashes ignored, section lower-cased,
    # so //admin, /ADMIN and /Admin are recognised exactly when route() would serve them.
    section, _ = split_route(path)
    if section == "admin":
        key = headers.get("X-Admin-Key", "")
        if not hmac.compare_digest(key.encode(), admin_key().encode()):
            return 403, "administrators only\n"
    return None
