"""Network diagnostics: the router pings a host for you and shows the answer."""

import subprocess

from app.settings import PING


def ping(host, count=4):
    """Ping host count times; returns what ping printed."""
    count = int(count)
    if not 1 <= count <= 10:
        raise ValueError("Count must be from 1 to 10.")
    # A list now, so the host is one argument ... but shell=True is still on.
    result = subprocess.run([*PING, "-c", str(count), "--", host], shell=True,
                            capture_output=True, text=True, timeout=30)
    return result.stdout + result.stderr
