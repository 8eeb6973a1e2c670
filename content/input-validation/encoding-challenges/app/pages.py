"""What the intranet serves, once app/gateway.py has let a request through.

    /                  a short index
    /docs/<name>       machine manuals and how-tos from site/docs/ (public)
    /admin/members     the member list with door codes (administrators only)

route() trusts the gateway: it does no access checks of its own. Section names are
matched without regard to case (old bookmarks say /Docs/ and /ADMIN/), and leading
slashes are ignored, so //docs/x.md works like /docs/x.md (and /docs//x.md like /docs/x.md:
a document name is always taken relative to site/docs/).

This file is not yours to change in the lab: app/gateway.py is.
"""

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "site" / "docs"
MEMBERS = ROOT / "data" / "members.csv"
CONFIG = ROOT / "config" / "gateway.ini"

INDEX = "Oakfield Makerspace intranet\n\n/docs/<name>   manuals and how-tos\n/admin/members   member list (admins)\n"


def admin_key():
    """The administrators' key from config/gateway.ini (sent as the X-Admin-Key header)."""
    config = configparser.ConfigParser(interpolation=None)
    config.read(CONFIG, encoding="utf-8")
    return config.get("admin", "key", fallback="")


def split_route(path):
    """'/Docs/machines/cnc.md' -> ('docs', 'machines/cnc.md'): the section, lower-cased, and the rest."""
    section, _, rest = path.lstrip("/").partition("/")
    return section.lower(), rest


def route(path, headers):
    """Answer a request for an already decoded path. Returns (status, body)."""
    section, rest = split_route(path)
    if section in ("", "index"):
        return 200, INDEX
    if section == "docs" and rest:
        try:
            # lstrip: "/docs//etc/passwd" names site/docs/etc/passwd, never the absolute /etc/passwd.
            return 200, (DOCS / rest.lstrip("/")).read_text(encoding="utf-8")
        except (OSError, ValueError):  # missing, a folder, a NUL character ...
            return 404, "no such document\n"
    if section == "admin" and rest == "members":
        return 200, MEMBERS.read_text(encoding="utf-8")
    return 404, "not found\n"
