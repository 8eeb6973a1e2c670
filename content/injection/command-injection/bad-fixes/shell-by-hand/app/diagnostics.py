"""Network diagnostics: the router pings a host for you and shows the answer."""

import ipaddress
import re
import subprocess

from app.settings import PING

MAX_COUNT = 10
# One label of a host name (RFC 1123): letters, digits and hyphens, 1 to 63 characters,
# no hyphen at either end. fullmatch, not match with $: $ also matches before a final "\n".
LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def check_host(host):
    """The host if it is an IP address or a well-formed host name; ValueError otherwise."""
    if not isinstance(host, str):
        raise ValueError("Enter a host name or an IP address.")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    name = host[:-1] if host.endswith(".") else host  # "router.lan." is the same name
    if 0 < len(name) <= 253 and all(LABEL.fullmatch(label) for label in name.split(".")):
        return host
    raise ValueError("Enter a host name (letters, digits, hyphens and dots) or an IP address.")


def check_count(count):
    """count as an int from 1 to MAX_COUNT (the page sends text); ValueError otherwise."""
    if isinstance(count, str) and count.isascii() and count.isdigit():
        count = int(count)
    if type(count) is not int or not 1 <= count <= MAX_COUNT:
        raise ValueError(f"Count must be a whole number from 1 to {MAX_COUNT}.")
    return count


def ping(host, count=4):
    """Ping `host` (a host name, an IPv4 or an IPv6 address) `count` times from the router.

    `count` comes from the page's drop-down (1 to 10) as a string or an int. Returns what
    ping printed, so the page can show it. Raises ValueError for a bad host or count.
    """
    host = check_host(host)
    count = check_count(count)
    # An argument list and no shell: each item reaches ping as exactly one argument, and
    # nothing in it is read as shell syntax. "--" ends ping's options, so even a host
    # starting with "-" could never become one (check_host refuses those anyway).
    import shlex
    cmd = f"{shlex.join(PING)} -c {count} -- {shlex.quote(host)} 2>&1"
    result = subprocess.run(["/bin/sh", "-s"], input=cmd, stdout=subprocess.PIPE, text=True, errors="replace", timeout=30)
    return result.stdout
