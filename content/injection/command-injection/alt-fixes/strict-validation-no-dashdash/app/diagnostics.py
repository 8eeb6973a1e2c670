"""Network diagnostics: the router pings a host for you and shows the answer."""

import ipaddress
import subprocess
from app.settings import PING

ALLOWED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
COUNTS = {str(n): n for n in range(1, 11)}


def _is_hostname(name):
    if name.endswith("."):
        name = name[:-1]
    if not name or len(name) > 253:
        return False
    for label in name.split("."):
        if not 1 <= len(label) <= 63 or not set(label) <= ALLOWED:
            return False
        if label.startswith("-") or label.endswith("-"):
            return False
    return True


def ping(host, count=4):
    """Ping host count times; returns what ping printed."""
    if count not in COUNTS.values() or isinstance(count, bool):
        count = COUNTS.get(count) if isinstance(count, str) else None
    if count is None:
        raise ValueError("Count must be from 1 to 10.")
    try:
        host = ipaddress.ip_address(host).compressed
    except ValueError:
        if not isinstance(host, str) or not _is_hostname(host):
            raise ValueError(f"{host!r} is not a host name or an IP address.") from None
    # The validation above guarantees the host never starts with "-".
    completed = subprocess.run(PING + ["-c", str(count), host], capture_output=True, text=True, timeout=30)
    return completed.stdout + completed.stderr
