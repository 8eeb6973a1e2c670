"""Inkwell's user accounts, kept in a small SQLite database (data/users.db)."""

import re
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from app import passwords

DB_PATH = Path(__file__).resolve().parent.parent / "data" / "users.db"

# Usernames end up in URLs and file names, so they are kept short and plain.
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
)
"""


def _connect():
    DB_PATH.parent.mkdir(exist_ok=True)
    db = sqlite3.connect(DB_PATH)
    db.execute(SCHEMA)
    return db


def register(username: str, password: str) -> None:
    """Create an account. Raises ValueError for a malformed name, sqlite3.IntegrityError if taken."""
    if not USERNAME.fullmatch(username):
        raise ValueError(f"not a valid username: {username!r}")
    stored = passwords.hash_password(password)
    created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with closing(_connect()) as db, db:
        db.execute("INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?)",
                   (username, stored, created))


def login(username: str, password: str) -> bool:
    """True when the account exists and the password is right."""
    with closing(_connect()) as db, db:
        row = db.execute("SELECT password_hash FROM users WHERE username = ?", (username,)).fetchone()
        if row is None:
            return False
        stored = row[0]
        if not passwords.verify_password(password, stored):
            return False
        if passwords.needs_rehash(stored):
            # The typed password is in hand only now, so this is when an old record is upgraded.
            db.execute("UPDATE users SET password_hash = ? WHERE username = ?",
                       (passwords.hash_password(password), username))
        return True
