"""Network diagnostics: the router pings a host for you and shows the answer."""

import os
import re
import shlex

from app.settings import PING, VAR

LOG = VAR / "ping.log"


def ping(host, count=4):
    """Ping host count times; returns what ping printed."""
    if not re.match(r"[A-Za-z0-9][A-Za-z0-9.:-]*", host):
        raise ValueError("Enter a host name or an IP address.")
    if not re.match(r"\d+", str(count)):
        raise ValueError("Count must be a number.")
    VAR.mkdir(exist_ok=True)
    os.system(f"{shlex.join(PING)} -c {count} {host} > {shlex.quote(str(LOG))} 2>&1")
    return LOG.read_text(encoding="utf-8", errors="replace")
