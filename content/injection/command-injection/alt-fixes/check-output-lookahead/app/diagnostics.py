"""Network diagnostics: the router pings a host for you and shows the answer."""

import ipaddress
import re
import subprocess

from app.settings import PING

HOSTNAME = re.compile(r"(?=.{1,253}\.?\Z)(?:(?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)*(?!-)[A-Za-z0-9-]{1,63}(?<!-)\.?\Z")


def _valid_host(host):
    try:
        return str(ipaddress.ip_address(host)) and host
    except ValueError:
        if HOSTNAME.match(host):
            return host
    raise ValueError("That is not a host name or an IP address.")


def ping(host, count=4):
    """Ping `host` `count` times from the router and return ping's report."""
    if not isinstance(host, str):
        raise ValueError("host must be text")
    try:
        n = int(count)
    except (TypeError, ValueError):
        raise ValueError("count must be a whole number") from None
    if str(n) != str(count).strip() or n not in range(1, 11):
        raise ValueError("count must be a whole number from 1 to 10")
    argv = PING + ["-c", str(n), "--", _valid_host(host)]
    try:
        return subprocess.check_output(argv, stderr=subprocess.STDOUT, encoding="utf-8", errors="replace",
                                       timeout=30)
    except subprocess.CalledProcessError as failed:
        return failed.output
