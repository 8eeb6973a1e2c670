"""Runs the expense report tool for one job folder.

The portal calls run_report() when someone clicks "Build report". It runs as the portal's
service account, which can read the finance team's signing key; the tool needs that key
to sign the report, so the runner hands it over in the tool's environment.
"""

import json
import os
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


def _sweep(job_dir):
    import shutil
    for entry in list(Path(job_dir).rglob("*")):
        if entry.is_dir() and (entry / "__init__.py").exists():
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.is_file() and entry.suffix in (".py", ".pyc", ".so", ".pyd", ".pth"):
            entry.unlink()


def run_report(job_dir):
    """Builds the report for job_dir and returns {"report": {...}, "signature": "..."}."""
    _sweep(job_dir)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(TOOLS)  # so that -m finds report_tool
    env["REPORT_SIGNING_KEY"] = _signing_key()
    # Run inside the job folder: the tool reads the CSV files it finds where it starts.
    proc = subprocess.run(
        [sys.executable, "-m", "report_tool"],
        cwd=job_dir, env=env, capture_output=True, text=True, timeout=60,
    )
    if proc.returncode != 0:
        raise ReportError(f"the report tool failed:\n{proc.stderr.strip()[-2000:]}")
    try:
        return json.loads(proc.stdout)
    except ValueError:
        raise ReportError(f"the report tool printed something unexpected:\n{proc.stdout[-2000:]}") from None
