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
    with tarfile.open(BACKUPS / archive, "w:gz") as tar:
        for name in list_uploads():
            tar.add(INBOX / name, arcname=name)
    command = after_backup_command()
    if command:
        # No shell at all: split the admin's line into words, put the archive name in as one word.
        argv = [archive if word == "{archive}" else word for word in shlex.split(command)]
        subprocess.run(argv, cwd=BACKUPS, capture_output=True)
    return archive
