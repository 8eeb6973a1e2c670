"""Where the router keeps its files, and how it starts ping."""

import sys
from pathlib import Path

LAB = Path(__file__).resolve().parent.parent
DATA = LAB / "data"  # router.conf: admin password, Wi-Fi passphrase
VAR = LAB / "var"  # scratch space for the admin pages

# The command that starts ping. On the router itself this is ["/bin/ping"]. The lab's
# sandbox has no network, so the lab ships a stand-in (bin/ping, a small Python script
# that prints what iputils ping prints and knows the names in etc/hosts). It is started
# through the Python interpreter, so it needs no executable bit.
PING = [sys.executable, "-I", "-S", str(LAB / "bin" / "ping")]
