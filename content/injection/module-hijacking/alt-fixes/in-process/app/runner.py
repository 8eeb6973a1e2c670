"""Builds the expense report for one job folder, inside the portal's own process.

The report tool used to be started as `python -m report_tool` in the job folder, which put
that folder (writable by every member of the job) first on the tool's import path. This
version starts no interpreter at all: it loads reporting/report_tool.py from its fixed
path and calls build_report(). The portal's sys.path never contains a job folder, and
the modules the tool imports (csv, json, statistics, ...) come from where the portal's come
from. The key never leaves this process.
"""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "reporting" / "report_tool.py"
KEY_FILE = ROOT / "instance" / "report.key"


class ReportError(Exception):
    """The report could not be built; the message is shown to the user."""


def _signing_key():
    return KEY_FILE.read_text(encoding="utf-8").strip()


def _load_tool():
    spec = importlib.util.spec_from_file_location("brightwater_report_tool", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_tool = None


def run_report(job_dir):
    """Builds the report for job_dir and returns {"report": {...}, "signature": "..."}."""
    global _tool
    if _tool is None:
        _tool = _load_tool()
    try:
        return _tool.build_report(Path(job_dir), _signing_key())
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise ReportError(f"the report could not be built: {err}") from None
