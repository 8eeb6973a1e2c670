"""Runs the expense report tool for one job folder.

The portal calls run_report() when someone clicks "Build report". It runs as the portal's
service account, which can read the finance team's signing key; the tool needs that key
to sign the report, so the runner hands it over in the tool's environment.

Fixed: the job folder is writable by its members (web upload and the shared drive), so it
must never be on the tool's import path. `python -m report_tool` put the current folder
first on sys.path, so any csv.py, json/ or statistics.pyc there was imported instead of the
standard library, with the signing key in reach. Now:

- the tool is started by its absolute path, with -I (isolated mode): no current folder and
  no script folder on sys.path (Python 3.11+; on 3.10 the script folder, which is ours and
  read-only, comes first), no PYTHON* variables, no user site-packages;
- the environment is built from scratch: only what the tool needs, so nothing the portal
  happens to have (PYTHONPATH, PYTHONSTARTUP, other secrets) leaks into the child;
- the tool still runs inside the job folder, which is where it looks for the CSV files.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "reporting" / "report_tool.py"
KEY_FILE = ROOT / "instance" / "report.key"


class ReportError(Exception):
    """The report could not be built; the message is shown to the user."""


def _signing_key():
    return KEY_FILE.read_text(encoding="utf-8").strip()


def run_report(job_dir):
    """Builds the report for job_dir and returns {"report": {...}, "signature": "..."}."""
    env = {"REPORT_SIGNING_KEY": _signing_key(), "PATH": os.defpath, "LANG": "C.UTF-8"}
    proc = subprocess.run(
        [sys.executable, "-I", str(TOOL)],
        cwd=job_dir, env=env, capture_output=True, text=True, timeout=60,
    )
    if proc.returncode != 0:
        raise ReportError(f"the report tool failed:\n{proc.stderr.strip()[-2000:]}")
    try:
        return json.loads(proc.stdout)
    except ValueError:
        raise ReportError(f"the report tool printed something unexpected:\n{proc.stdout[-2000:]}") from None
