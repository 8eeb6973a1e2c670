"""Network diagnostics: the router pings a host for you and shows the answer."""

import ipaddress
import subprocess

from app.settings import PING


def ping(host, count=4):
    """Ping host count times; returns what ping printed."""
    host = str(ipaddress.ip_address(host))  # ValueError for anything else
    count = int(count)
    if not 1 <= count <= 10:
        raise ValueError("Count must be from 1 to 10.")
    result = subprocess.run([*PING, "-c", str(count), "--", host],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30)
    return result.stdout
