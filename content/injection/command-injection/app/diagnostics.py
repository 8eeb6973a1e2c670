"""Network diagnostics: the router pings a host for you and shows the answer."""

import os
import shlex

from app.settings import PING, VAR

LOG = VAR / "ping.log"


def ping(host, count=4):
    """Ping `host` (a host name, an IPv4 or an IPv6 address) `count` times from the router.

    `count` comes from the page's drop-down (1 to 10) as a string or an int. Returns what
    ping printed, so the page can show it.
    """
    VAR.mkdir(exist_ok=True)
    os.system(f"{shlex.join(PING)} -c {count} {host} > {shlex.quote(str(LOG))} 2>&1")
    return LOG.read_text(encoding="utf-8", errors="replace")
