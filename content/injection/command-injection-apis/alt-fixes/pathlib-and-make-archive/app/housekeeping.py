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
    source = INBOX / name
    data = source.read_bytes()
    ARCHIVE.mkdir(parents=True, exist_ok=True)
    target = ARCHIVE / name
    target.write_bytes(data)
    shutil.copystat(source, target)


def count_lines(name):
    """The number of lines in share/inbox/<name>."""
    return (INBOX / name).read_bytes().count(b"\n")


def list_uploads():
    """The names of the files in share/inbox/, sorted."""
    return sorted(p.name for p in INBOX.iterdir() if p.is_file())


def after_backup_command():
    config = configparser.ConfigParser(interpolation=None)
    config.read(CONFIG, encoding="utf-8")
    return config.get("backup", "after", fallback="")


def make_backup(label):
    """Pack every upload into backups/<label>.tar.gz; returns the archive's file name."""
    BACKUPS.mkdir(parents=True, exist_ok=True)
    base = BACKUPS / label
    written = Path(shutil.make_archive(str(base), "gztar", root_dir=INBOX))
    archive = written.name
    template = after_backup_command()
    if template:
        line = template.replace("{archive}", shlex.quote(archive))
        subprocess.run(["/bin/sh", "-c", line], cwd=BACKUPS)
    return archive
