"""Network diagnostics: the router pings a host for you and shows the answer."""

import ipaddress
import os
import re
import shlex

from app.settings import PING, VAR

LOG = VAR / "ping.log"
NAME = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?")


def ping(host, count=4):
    """Ping host count times; returns what ping printed."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if not NAME.fullmatch(host):
            raise ValueError("Enter a host name or an IP address.") from None
    VAR.mkdir(exist_ok=True)
    # The host is checked now; count comes from our own drop-down.
    os.system(f"{shlex.join(PING)} -c {count} {host} > {shlex.quote(str(LOG))} 2>&1")
    return LOG.read_text(encoding="utf-8", errors="replace")
