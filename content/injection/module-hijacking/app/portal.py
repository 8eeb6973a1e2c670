"""The expense portal of Brightwater Housing Co-op: one folder per job, one report per job.

Members collect receipts as CSV files (date, category, amount) in a job folder, either
through the web form (upload()) or by dropping files into the folder on the co-op's
shared drive, which maps every job folder for the people working on it. "Build report"
(request_report()) totals the folder and saves a signed report.json next to the data.
"""

import json
import re
from pathlib import Path

from app import runner

ROOT = Path(__file__).resolve().parent.parent
JOBS = ROOT / "jobs"
JOB_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
MAX_UPLOAD = 2 * 1024 * 1024


class PortalError(ValueError):
    """A request the portal refuses; the message is shown to the user."""


def _job_dir(job):
    if not isinstance(job, str) or not JOB_NAME.fullmatch(job):
        raise PortalError("a job name is lower-case letters, digits and dashes")
    return JOBS / job


def _file_path(job, name):
    """A file inside the job folder; subfolders are fine (receipts/2024/march.csv)."""
    if not isinstance(name, str) or not name or len(name) > 200 or "\\" in name or "\0" in name:
        raise PortalError("that is not a file name")
    parts = name.split("/")
    if name.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise PortalError("a file name can't leave the job folder")
    return _job_dir(job) / Path(*parts)


def upload(job, name, data):
    """Saves one uploaded file (bytes or text) into the job folder; returns its name."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_UPLOAD:
        raise PortalError("that file is too large")
    path = _file_path(job, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return name


def list_files(job):
    """Names of the files in the job folder, subfolders included."""
    folder = _job_dir(job)
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def download(job, name):
    """The text of one file from the job folder."""
    path = _file_path(job, name)
    if not path.is_file():
        raise PortalError(f"there is no file {name!r} in this job")
    return path.read_text(encoding="utf-8", errors="replace")


def request_report(job):
    """Builds the signed report for a job, saves it as report.json and returns it."""
    folder = _job_dir(job)
    if not folder.is_dir():
        raise PortalError("there is no such job")
    result = runner.run_report(folder)
    (folder / "report.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return result
