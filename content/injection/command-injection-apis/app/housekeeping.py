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
import subprocess
from pathlib import Path

LAB = Path(__file__).resolve().parent.parent
INBOX = LAB / "share" / "inbox"
ARCHIVE = LAB / "share" / "archive"
BACKUPS = LAB / "backups"
CONFIG = LAB / "config" / "housekeeping.ini"


def archive_upload(name):
    """Copy share/inbox/<name> to share/archive/<name>."""
    ARCHIVE.mkdir(parents=True, exist_ok=True)
    os.system(f"cp {INBOX}/{name} {ARCHIVE}/")


def count_lines(name):
    """The number of lines in share/inbox/<name> (newline characters, as wc -l counts them)."""
    out = subprocess.check_output(f"wc -l < {INBOX}/{name}", shell=True)
    return int(out)


def list_uploads():
    """The names of the files in share/inbox/, sorted."""
    out = subprocess.check_output(f"ls -1 {INBOX}", shell=True, text=True)
    return sorted(out.splitlines())


def after_backup_command():
    config = configparser.ConfigParser(interpolation=None)
    config.read(CONFIG, encoding="utf-8")
    return config.get("backup", "after", fallback="")


def make_backup(label):
    """Pack every upload into backups/<label>.tar.gz; returns the archive's file name.

    Then runs the admin's after-backup command from config/housekeeping.ini in backups/,
    with {archive} replaced by the archive's file name. That command is the admin's own
    shell command line (pipes, redirections), so it is run by /bin/sh.
    """
    BACKUPS.mkdir(parents=True, exist_ok=True)
    archive = f"{label}.tar.gz"
    os.system(f"cd {INBOX} && tar -czf {BACKUPS}/{archive} *")
    command = after_backup_command()
    if command:
        subprocess.run(command.format(archive=archive), shell=True, cwd=BACKUPS)
    return archive
