"""Download links for invoices and reports.

A link is a query string followed by its signature:

    user=dana&expires=1767225600&file=invoices/INV-2025-0042.pdf&sig=<signature>

The signature covers everything before "&sig=". The server signs the decoded bytes of the
query, so links survive mail clients and browsers that re-encode them differently.
"""

import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qsl, unquote_to_bytes, urlencode, quote

from app import signing

DATA = Path(__file__).resolve().parent.parent / "data"
FILES = DATA / "files"
ACCESS_LOG = DATA / "access.log"
LINK_DAYS = 30


def make_link(user, file, now=None):
    """A signed link that lets `user` download `file` (a path under data/files) for 30 days."""
    expires = int((now or time.time()) + LINK_DAYS * 86400)
    query = urlencode([("user", user), ("expires", expires), ("file", file)], quote_via=quote, safe="/")
    return f"{query}&sig={signing.sign(unquote_to_bytes(query))}"


def _log(line):
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with open(ACCESS_LOG, "a", encoding="utf-8") as log:
        log.write(f"{stamp} {line}\n")


def download(link):
    """What the portal's /download endpoint does with a link.

    Returns {"status": 200, "file": ..., "content": ...} or {"status": 403/404/410, "error": ...}.
    """
    query, sep, signature = link.rpartition("&sig=")
    if not sep:
        return {"status": 403, "error": "this link has no signature"}
    if not signing.verify(unquote_to_bytes(query), signature):
        return {"status": 403, "error": "this link has been tampered with"}
    params = dict(parse_qsl(query, keep_blank_values=True))  # a repeated name: the last one counts
    try:
        expires = int(params.get("expires", ""))
    except ValueError:
        return {"status": 403, "error": "this link has no valid expiry date"}
    if expires < time.time():
        return {"status": 410, "error": "this link has expired; ask for a new one"}
    name = params.get("file", "")
    path = FILES / name
    if not name or not path.is_file():
        return {"status": 404, "error": "no such file"}
    _log(f"user={params.get('user', '?')!r} file={name!r}")
    return {"status": 200, "file": name, "content": path.read_text(encoding="utf-8")}
