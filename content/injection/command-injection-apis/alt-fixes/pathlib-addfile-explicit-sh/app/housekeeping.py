"""Housekeeping for the studio's client share (pathlib edition)."""

import configparser
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


def _upload(name):
    path = INBOX / name
    if path.parent != INBOX or not path.is_file():
        raise FileNotFoundError(f"no upload called {name!r}")
    return path


def archive_upload(name):
    ARCHIVE.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_upload(name), ARCHIVE / name)


def count_lines(name):
    return _upload(name).read_bytes().count(b"\n")


def list_uploads():
    return sorted(p.name for p in INBOX.iterdir() if p.is_file())


def after_backup_command():
    config = configparser.ConfigParser(interpolation=None)
    config.read(CONFIG, encoding="utf-8")
    return config.get("backup", "after", fallback="")


def make_backup(label):
    BACKUPS.mkdir(parents=True, exist_ok=True)
    archive = f"{label}.tar.gz"
    with tarfile.open(BACKUPS / archive, mode="w:gz") as tar:
        for path in sorted(INBOX.iterdir()):
            if path.is_file():
                tar.addfile(tar.gettarinfo(path, arcname=path.name), path.open("rb"))
    command = after_backup_command()
    if command:
        subprocess.run(["/bin/sh", "-c", command.replace("{archive}", shlex.quote(archive))], cwd=BACKUPS)
    return archive
