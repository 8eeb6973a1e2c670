"""Network diagnostics: the router pings a host for you and shows the answer."""

import subprocess

from app.settings import PING


def _count(count):
    try:
        count = int(str(count), 10)
    except ValueError:
        raise ValueError("Count must be a whole number from 1 to 10.") from None
    if not 1 <= count <= 10 or isinstance(count, bool):
        raise ValueError("Count must be a whole number from 1 to 10.")
    return count


def ping(host, count=4):
    """Ping host count times; returns what ping printed.

    No shell is involved, so the host is one argument whatever it contains, and "--"
    tells ping that it is the destination, never an option. A host that is not a real
    name simply gets ping's own "Name or service not known".
    """
    args = PING + ["-c", str(_count(count)), "--", str(host)]
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as proc:
        out, _ = proc.communicate(timeout=30)
    return out.decode("utf-8", "replace")
