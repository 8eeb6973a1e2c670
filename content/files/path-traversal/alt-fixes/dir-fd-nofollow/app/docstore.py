"""Quillbox document store: the files behind the team's notes and reports.

Every document is a UTF-8 text file under DOCS_DIR (storage/docs next to the app
folder). Callers - the web front end and app/cli.py - pass document names exactly as
they appear in share links: relative, with "/" between folders and percent-encoded,
e.g. "reports/2024/Q1%20summary.txt". The store decodes names itself, once, so that
every caller gets the same behaviour.

This version never builds a full path. It opens DOCS_DIR, then walks the name one
component at a time relative to the folder it already holds open, refusing ".." and
refusing to follow any symbolic link (O_NOFOLLOW). Nothing is checked first and opened
later, so a link swapped in between cannot redirect the open. The price: documents
inside the folder cannot be symbolic links either, even harmless ones.
"""

import errno
import os
import stat
from pathlib import Path
from urllib.parse import unquote

# Found from this file rather than the current directory, so the store works the same
# whether it runs under the web server, the CLI or a test.
DOCS_DIR = Path(__file__).resolve().parent.parent / "storage" / "docs"


class DocumentNameError(ValueError):
    """A document name the store will not use."""


def _parts(name):
    """The decoded components of a document name, or DocumentNameError."""
    name = unquote(name)
    if not name:
        raise DocumentNameError("a document needs a name")
    if "\0" in name:
        raise DocumentNameError("a document name cannot contain a NUL character")
    if name.startswith("/"):
        raise DocumentNameError(f"{name!r} is an absolute path, not a document name")
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if not parts:
        raise DocumentNameError(f"{name!r} names the document folder itself")
    if ".." in parts:
        raise DocumentNameError(f"{name!r} climbs out of its folder")
    return parts


def _open_at(dir_fd, part, flags, mode=0o644):
    """os.open relative to dir_fd that refuses symbolic links with DocumentNameError."""
    try:
        return os.open(part, flags | os.O_NOFOLLOW | os.O_CLOEXEC, mode, dir_fd=dir_fd)
    except OSError as err:
        # Linux says ELOOP for a link (ENOTDIR when O_DIRECTORY was asked for too).
        if err.errno in (errno.ELOOP, errno.ENOTDIR):
            try:
                is_link = stat.S_ISLNK(os.stat(part, dir_fd=dir_fd, follow_symlinks=False).st_mode)
            except OSError:
                is_link = False
            if is_link:
                raise DocumentNameError(f"{part!r} is a symbolic link; the store does not follow links") from None
        raise


def _open_folder(folders, create=False):
    """A descriptor for DOCS_DIR/folders…, opened one level at a time without following links."""
    fd = os.open(DOCS_DIR, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in folders:
            if create:
                try:
                    os.mkdir(part, dir_fd=fd)
                except FileExistsError:
                    pass
            inner = _open_at(fd, part, os.O_RDONLY | os.O_DIRECTORY)
            os.close(fd)
            fd = inner
        return fd
    except BaseException:
        os.close(fd)
        raise


def read_document(name):
    """Return the text of a document; FileNotFoundError if there is none by that name."""
    *folders, filename = _parts(name)
    dir_fd = _open_folder(folders)
    try:
        fd = _open_at(dir_fd, filename, os.O_RDONLY)
    finally:
        os.close(dir_fd)
    with open(fd, encoding="utf-8") as f:
        return f.read()


def save_document(name, text):
    """Create or replace a document, creating its folders as needed."""
    *folders, filename = _parts(name)
    dir_fd = _open_folder(folders, create=True)
    try:
        fd = _open_at(dir_fd, filename, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    finally:
        os.close(dir_fd)
    with open(fd, "w", encoding="utf-8") as f:
        f.write(text)


def list_documents(folder=""):
    """What a folder holds ("" is the top level): document names, and folder names ending in "/"."""
    fd = _open_folder(_parts(folder) if folder else [])
    try:
        with os.scandir(fd) as entries:
            return sorted(entry.name + "/" if entry.is_dir() else entry.name for entry in entries)
    finally:
        os.close(fd)
