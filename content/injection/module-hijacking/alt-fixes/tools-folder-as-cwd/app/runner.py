"""Runs the expense report tool for one job folder.

The portal calls run_report() when someone clicks "Build report". It runs as the portal's
service account, which can read the finance team's signing key; the tool needs that key
to sign the report, so the runner hands it over in the tool's environment.

`python -m` puts the current folder first on sys.path, so the tool now starts in its own
folder (reporting/, which only the co-op's admins can change) and gets the job folder as
an argument instead. -E ignores PYTHON* variables and -s the user's site-packages; the
environment is built from nothing but the key.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "reporting"
KEY_FILE = ROOT / "instance" / "report.key"


class ReportError(Exception):
    """The report could not be built; the message is shown to the user."""


def _signing_key():
    return KEY_FILE.read_text(encoding="utf-8").strip()


def run_report(job_dir):
    """Builds the report for job_dir and returns {"report": {...}, "signature": "..."}."""
    command = [sys.executable, "-E", "-s", "-m", "report_tool", str(Path(job_dir).resolve())]
    proc = subprocess.run(command, cwd=TOOLS, env={"REPORT_SIGNING_KEY": _signing_key()},
                          capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise ReportError(f"the report tool failed:\n{proc.stderr.strip()[-2000:]}")
    try:
        return json.loads(proc.stdout)
    except ValueError:
        raise ReportError(f"the report tool printed something unexpected:\n{proc.stdout[-2000:]}") from None
