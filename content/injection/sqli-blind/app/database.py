"""Where the makerspace's data lives and how the site opens it."""

import sqlite3
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DB_PATH = DATA_DIR / "space.db"
OUTBOX_PATH = DATA_DIR / "outbox.txt"
SCHEMA_PATH = Path(__file__).with_name("schema.sql")


def connect(path=DB_PATH):
    """Open the database. Rows come back as sqlite3.Row, so columns work by name."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def create_schema(conn):
    conn.executescript(SCHEMA_PATH.read_text(encoding="utf-8"))
