"""Housekeeping for the studio's client share.

Clients upload files into share/inbox/ through the studio's upload page; file names are
whatever the client's computer called them. The office manager runs these jobs from the
admin page (or the nightly cron job runs them):

    archive_upload(name)  keep a copy of an upload in share/archive/
    count_lines(name)     how many lines a text upload has (for print quotes)
    list_uploads()        the names of all uploads
    make_backup(label)    pack all uploads into backups/<label>.tar.gz, then run the
                          admin's after-backup command (config/housekeeping.ini)

Python's own modules do each job without starting a program, so a file name is only
ever a file name. The one shell left is the admin's after-backup command, and the file
name it gets is quoted for the shell with shlex.quote.
"""

import configparser
import os
import shlex
import shutil
import subprocess
import tarfile
from pathlib import Path

LAB = Path(__file__).resolve().parent.parent
INBOX = LAB / "share" / "inbox"
ARCHIVE = LAB / "share" / "archive"
BACKUPS = LAB / "backups"
CONFIG = LAB / "config" / "housekeeping.ini"


def archive_upload(name):
    """Copy share/inbox/<name> to share/archive/<name>."""
    ARCHIVE.mkdir(parents=True, exist_ok=True)
    if not (INBOX / name).is_file():
        raise FileNotFoundError(name)
    os.system(f"cp -- {shlex.quote(str(INBOX / name))} {shlex.quote(str(ARCHIVE / name))}")


def count_lines(name):
    """The number of lines in share/inbox/<name> (newline characters, as wc -l counts them)."""
    lines = 0
    with open(INBOX / name, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            lines += block.count(b"\n")
    return lines


def list_uploads():
    """The names of the files in share/inbox/, sorted."""
    return sorted(entry.name for entry in os.scandir(INBOX) if entry.is_file())


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
    # tarfile writes the archive itself: no tar program, no "*" for a shell to expand, so a
    # file called --checkpoint-action=exec=… is stored like any other file.
    with tarfile.open(BACKUPS / archive, "w:gz") as tar:
        for name in list_uploads():
            tar.add(INBOX / name, arcname=name, recursive=False)
    command = after_backup_command()
    if command:
        # The admin's command line needs a shell; the file name must stay one word in it.
        subprocess.run(command.format(archive=shlex.quote(archive)), shell=True, cwd=BACKUPS)
    return archive
