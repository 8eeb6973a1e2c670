"""Runs the expense report tool for one job folder (isolated, with a clean environment)."""

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
    env = {"PATH": os.defpath, "LANG": "C.UTF-8"}  # nothing from the portal's environment
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
