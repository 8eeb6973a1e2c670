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
    if not (isinstance(count, int) or str(count).isdigit()) or not 1 <= int(count) <= 10:
        raise ValueError("Count must be from 1 to 10.")
    VAR.mkdir(exist_ok=True)
    command = f"{shlex.join(PING)} -c {int(count)} -- {shlex.quote(host)} > {shlex.quote(str(LOG))} 2>&1"
    os.system(command)
    return LOG.read_text(encoding="utf-8", errors="replace")
