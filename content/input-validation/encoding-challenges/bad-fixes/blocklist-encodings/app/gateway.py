"""The gateway: every request to the intranet passes through handle().

`target` is the request-target exactly as it arrived in the HTTP request line:
percent-encoded, possibly with a ?query. The gateway turns it into the path that
app/pages.py routes on, and refuses requests that must not get there:

  * 400 for a path that tries to climb out of a folder ("..") or contains a backslash
    or a NUL character;
  * 403 for /admin/... without the right X-Admin-Key header.
"""

import hmac
import unicodedata

from app.pages import admin_key, route


# Encoded dots and slashes from the incident report, and their double-encoded forms.
BLOCKED = ("%2e", "%2f", "%5c", "%252e", "%252f", "%c0%ae", "%c0%af")


def handle(target, headers=None):
    """Answer one request. Returns (status, body)."""
    headers = headers or {}
    raw_path = target.partition("?")[0]
    lowered = raw_path.lower()
    if any(bad in lowered for bad in BLOCKED):
        return 400, "bad path\n"
    refusal = check_access(raw_path, headers)
    if refusal:
        return refusal
    return route(canonical_path(raw_path), headers)


def check_access(path, headers):
    """None if the request may go on, else the (status, body) to answer with."""
    segments = path.split("/")
    if ".." in segments or "\\" in path or "\0" in path:
        return 400, "bad path\n"
    if len(segments) > 1 and segments[1].lower() == "admin":
        key = headers.get("X-Admin-Key", "")
        if not hmac.compare_digest(key.encode(), admin_key().encode()):
            return 403, "administrators only\n"
    return None


def canonical_path(raw_path):
    """The path as pages.route() wants it: decoded and in one Unicode form."""
    path = raw_path
    # The spring newsletter's mail tool encoded its links twice (%2520 for a space), so
    # decode until nothing changes any more.
    while True:
        decoded = percent_decode(path)
        if decoded == path:
            break
        path = decoded
    # Members with Japanese or Chinese keyboards often type full-width letters (ｍａｐ．ｍｄ);
    # NFKC folds them, and other compatibility characters, into the plain ones.
    return unicodedata.normalize("NFKC", path)


def percent_decode(text):
    """%XX escapes to bytes, bytes to text.

    Ported from the door-kiosk firmware, which had no urllib. It is tolerant: it decodes
    the UTF-8 of old clients that don't quite follow the rules instead of refusing it.
    """
    out = bytearray()
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "%" and _is_hex(text[i + 1:i + 3]):
            out.append(int(text[i + 1:i + 3], 16))
            i += 3
        else:
            out += ch.encode("utf-8")
            i += 1
    return _decode_utf8(bytes(out))


def _is_hex(pair):
    return len(pair) == 2 and all(c in "0123456789abcdefABCDEF" for c in pair)


def _decode_utf8(data):
    """UTF-8 by the length of each sequence; a byte that fits nowhere becomes U+FFFD."""
    chars = []
    i = 0
    while i < len(data):
        lead = data[i]
        if lead < 0x80:
            size, value = 1, lead
        elif lead >> 5 == 0b110:
            size, value = 2, lead & 0x1F
        elif lead >> 4 == 0b1110:
            size, value = 3, lead & 0x0F
        elif lead >> 3 == 0b11110:
            size, value = 4, lead & 0x07
        else:
            chars.append("\ufffd")
            i += 1
            continue
        tail = data[i + 1:i + size]
        if len(tail) != size - 1 or any(b >> 6 != 0b10 for b in tail):
            chars.append("\ufffd")
            i += 1
            continue
        for b in tail:
            value = (value << 6) | (b & 0x3F)
        chars.append(chr(value) if value <= 0x10FFFF else "\ufffd")
        i += size
    return "".join(chars)
