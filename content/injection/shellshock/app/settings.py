"""Settings: the portal reads config/portal.env into its environment, twelve-factor style."""

import os
import sys
from pathlib import Path

LAB = Path(__file__).resolve().parent.parent
ENV_FILE = LAB / "config" / "portal.env"
CGI_BIN = LAB / "cgi-bin"

# The shell that runs the CGI scripts. On the office's old server this was /bin/bash,
# a bash 4.3 from before September 2014. The lab ships a stand-in that behaves like it
# (bin/oldbash, run by Python so it needs no executable bit).
SHELL = [sys.executable, "-I", "-S", str(LAB / "bin" / "oldbash")]


def load_env():
    """Put the settings from config/portal.env into os.environ (read on every request, so an
    edited file takes effect without a restart)."""
    try:
        lines = ENV_FILE.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            os.environ[key.strip()] = value.strip()
