"""Quillbox document store: the files behind the team's notes and reports.

Every document is a UTF-8 text file under DOCS_DIR (storage/docs next to the app
folder). Callers - the web front end and app/cli.py - pass document names exactly as
they appear in share links: relative, with "/" between folders and percent-encoded,
e.g. "reports/2024/Q1%20summary.txt". The store decodes names itself, once, so that
every caller gets the same behaviour.
"""

import os
from pathlib import Path
from urllib.parse import unquote

# Found from this file rather than the current directory, so the store works the same
# whether it runs under the web server, the CLI or a test.
DOCS_DIR = Path(__file__).resolve().parent.parent / "storage" / "docs"


class DocumentNameError(ValueError):
    """A document name the store will not use."""


def _path_for(name):
    """The file behind a document name taken from a link, or DocumentNameError.

    Two layers: the name must look like a relative document name (cheap, and the error
    says what is wrong with it), and the resolved file must really be in the folder
    (the only check that also sees symbolic links).
    """
    name = unquote(name)
    if not name:
        raise DocumentNameError("a document needs a name")
    if name.startswith("/"):
        raise DocumentNameError(f"{name!r} is an absolute path, not a document name")
    for part in name.split("/"):
        if part == "..":
            raise DocumentNameError(f"{name!r} climbs out of its folder")
        if any(ch < " " or ch == "\x7f" for ch in part):
            raise DocumentNameError(f"{name!r} contains a control character")
    base = os.path.realpath(DOCS_DIR)
    path = os.path.realpath(os.path.join(base, name))
    # relpath from the folder: anything outside starts with "../" (or is "..").
    rel = os.path.relpath(path, base)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        raise DocumentNameError(f"{name!r} leads outside the document folder")
    return Path(path)


def read_document(name):
    """Return the text of a document; FileNotFoundError if there is none by that name."""
    return _path_for(name).read_text(encoding="utf-8")


def save_document(name, text):
    """Create or replace a document, creating its folders as needed."""
    path = _path_for(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def list_documents(folder=""):
    """What a folder holds ("" is the top level): document names, and folder names ending in "/"."""
    where = _path_for(folder) if folder else DOCS_DIR
    return sorted(entry.name + "/" if entry.is_dir() else entry.name for entry in where.iterdir())
