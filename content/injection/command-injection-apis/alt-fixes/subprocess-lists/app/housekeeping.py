"""Housekeeping for the studio's client share.

Clients upload files into share/inbox/ through the studio's upload page; file names are
whatever the client's computer called them. The office manager runs these jobs from the
admin page (or the nightly cron job runs them):

    archive_upload(name)  keep a copy of an upload in share/archive/
    count_lines(name)     how many lines a text upload has (for print quotes)
    list_uploads()        the names of all uploads
    make_backup(label)    pack all uploads into backups/<label>.tar.gz, then run the
                          admin's after-backup command (config/housekeeping.ini)
"""

import configparser
import os
import shlex
import shutil
import tarfile
import subprocess
from pathlib import Path

LAB = Path(__file__).resolve().parent.parent
INBOX = LAB / "share" / "inbox"
ARCHIVE = LAB / "share" / "archive"
BACKUPS = LAB / "backups"
CONFIG = LAB / "config" / "housekeeping.ini"


def archive_upload(name):
    """Copy share/inbox/<name> to share/archive/<name>."""
    src = INBOX / name
    if not src.is_file():
        raise FileNotFoundError(f"no upload called {name!r}")
    ARCHIVE.mkdir(parents=True, exist_ok=True)
    # A list, no shell; -- so that a name starting with - is never an option of cp.
    subprocess.run(["cp", "-p", "--", str(src), str(ARCHIVE / name)], check=True)


def count_lines(name):
    """The number of lines in share/inbox/<name>."""
    with open(INBOX / name, "rb") as f:  # FileNotFoundError for a missing upload
        out = subprocess.run(["wc", "-l"], stdin=f, capture_output=True, check=True).stdout
    return int(out)


def list_uploads():
    """The names of the files in share/inbox/, sorted."""
    return sorted(n for n in os.listdir(INBOX) if os.path.isfile(INBOX / n))


def after_backup_command():
    config = configparser.ConfigParser(interpolation=None)
    config.read(CONFIG, encoding="utf-8")
    return config.get("backup", "after", fallback="")


def make_backup(label):
    """Pack every upload into backups/<label>.tar.gz; returns the archive's file name."""
    BACKUPS.mkdir(parents=True, exist_ok=True)
    archive = f"{label}.tar.gz"
    # "--" ends tar's options: every name after it is a file, even --checkpoint-action=…
    subprocess.run(["tar", "-czf", str(BACKUPS / archive), "--", *list_uploads()], cwd=INBOX, check=True)
    command = after_backup_command()
    if command:
        subprocess.run(command.format(archive=shlex.quote(archive)), shell=True, cwd=BACKUPS)
    return archive
