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
    ARCHIVE.mkdir(parents=True, exist_ok=True)
    shutil.copy2(INBOX / name, ARCHIVE / name)


def count_lines(name):
    with open(INBOX / name, "rb") as f:
        return f.read().count(b"\n")


def list_uploads():
    return sorted(os.listdir(INBOX))


def after_backup_command():
    config = configparser.ConfigParser(interpolation=None)
    config.read(CONFIG, encoding="utf-8")
    return config.get("backup", "after", fallback="")


def make_backup(label):
    BACKUPS.mkdir(parents=True, exist_ok=True)
    archive = f"{label}.tar.gz"
    # No shell any more: tar gets the file names as a list.
    subprocess.run(["tar", "-czf", str(BACKUPS / archive), *list_uploads()], cwd=INBOX, check=False)
    command = after_backup_command()
    if command:
        subprocess.run(command.format(archive=shlex.quote(archive)), shell=True, cwd=BACKUPS)
    return archive
