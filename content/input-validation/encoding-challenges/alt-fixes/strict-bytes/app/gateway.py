"""The gateway: every request to the intranet passes through handle().

Alternative fix: percent-decoding to bytes with urllib.parse.unquote_to_bytes, then one
strict UTF-8 decode; NFKC; then the checks, on the list of non-empty path segments.
"""

import hmac
import unicodedata
from urllib.parse import unquote_to_bytes

from app.pages import admin_key, route


def handle(target, headers=None):
    """Answer one request. Returns (status, body)."""
    headers = headers or {}
    raw_path = target.partition("?")[0]
    try:
        # Bytes first, text second: exactly one %-decoding and one UTF-8 decoding, and
        # the codec refuses overlong and other invalid sequences.
        path = unquote_to_bytes(raw_path).decode("utf-8")
    except UnicodeDecodeError:
        return 400, "bad path: not valid UTF-8\n"
    path = unicodedata.normalize("NFKC", path)
    refusal = check_access(path, headers)
    return refusal or route(path, headers)


def check_access(path, headers):
    """None if the canonical path may go on, else the (status, body) to answer with."""
    if "\\" in path or "\0" in path:
        return 400, "bad path\n"
    segments = [s for s in path.split("/") if s]
    if ".." in segments:
        return 400, "bad path\n"
    # route() ignores leading slashes and case: so does this test.
    if segments and segments[0].casefold() == "admin":
        given = headers.get("X-Admin-Key", "").encode("utf-8")
        if not hmac.compare_digest(given, admin_key().encode("utf-8")):
            return 403, "administrators only\n"
    return None
