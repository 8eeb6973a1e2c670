"""Quillbox document store: the files behind the team's notes and reports.

Every document is a UTF-8 text file under DOCS_DIR (storage/docs next to the app
folder). Callers - the web front end and app/cli.py - pass document names exactly as
they appear in share links: relative, with "/" between folders and percent-encoded,
e.g. "reports/2024/Q1%20summary.txt". The store decodes names itself, once, so that
every caller gets the same behaviour.

A name comes from whoever made the link, so the store must never let it reach a file
outside DOCS_DIR: not with "..", not as an absolute path, not percent-encoded, and not
through a symbolic link that sits inside the folder but points elsewhere.
"""

from pathlib import Path
from urllib.parse import unquote

# Found from this file rather than the current directory, so the store works the same
# whether it runs under the web server, the CLI or a test.
DOCS_DIR = Path(__file__).resolve().parent.parent / "storage" / "docs"


class DocumentNameError(ValueError):
    """A document name the store will not use."""


def _path_for(name):
    """The file behind a document name taken from a link, or DocumentNameError.

    The check runs on the path the operating system will actually open, after every
    transformation: first decode (a check on the encoded text would miss "..%2f"), then
    resolve() - which collapses "..", lets an absolute name replace the base, and follows
    every symbolic link - and only then ask whether the result is inside the folder.
    """
    name = unquote(name)
    if not name:
        raise DocumentNameError("a document needs a name")
    if "\0" in name:
        raise DocumentNameError("a document name cannot contain a NUL character")
    # Resolve the base too: if storage/docs is itself a link (a mounted volume, say),
    # the resolved document paths start with where it really is.
    base = DOCS_DIR.resolve()
    path = (base / name).resolve()
    # is_relative_to compares whole path components, so /…/docs-old is not inside
    # /…/docs, which a plain str.startswith would accept.
    if not path.is_relative_to(base):
        raise DocumentNameError(f"{name!r} is not inside the document folder")
    # Open the resolved path, not the original name: it is the one we checked.
    return path


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
    # Folder names come from links too, so they go through the same check.
    where = _path_for(folder) if folder else DOCS_DIR
    return sorted(entry.name + "/" if entry.is_dir() else entry.name for entry in where.iterdir())
