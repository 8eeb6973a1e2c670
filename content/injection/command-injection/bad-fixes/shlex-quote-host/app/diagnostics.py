"""Network diagnostics: the router pings a host for you and shows the answer."""

import os
import shlex

from app.settings import PING, VAR

LOG = VAR / "ping.log"


def ping(host, count=4):
    """Ping host count times; returns what ping printed."""
    count = int(count)
    if not 1 <= count <= 10:
        raise ValueError("Count must be from 1 to 10.")
    VAR.mkdir(exist_ok=True)
    # Quote the host so the shell sees it as one word, whatever it contains.
    os.system(f"{shlex.join(PING)} -c {count} {shlex.quote(host)} > {shlex.quote(str(LOG))} 2>&1")
    return LOG.read_text(encoding="utf-8", errors="replace")
