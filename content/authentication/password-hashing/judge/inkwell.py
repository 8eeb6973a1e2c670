"""Shared by both judges: Inkwell's users table, read and written from outside the app."""

import sqlite3
import string

# The same table app/users.py creates (users.py is not part of the learner's edits).
SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
)
"""

FIRST = ("ada", "bilal", "carys", "dmitri", "esme", "femi", "greta", "hamid", "ilse", "joao", "kaito",
         "leila", "marek", "noor", "orla", "pavel", "quentin", "rania", "soren", "thandi", "ugo", "vera",
         "wen", "ximena", "yusuf", "zofia", "anouk", "bruno", "chiara", "dario", "elin", "farid")


def usernames(rand, count):
    """Distinct, plausible usernames such as "greta.m"."""
    names = set()
    while len(names) < count:
        names.add(f"{rand.choice(FIRST)}.{rand.choice(string.ascii_lowercase)}")
    return sorted(names, key=lambda _: rand.random())


def build_db(rows):
    """The bytes of a users.db holding rows of (username, password_hash, created_at)."""
    db = sqlite3.connect(":memory:")
    db.execute(SCHEMA)
    db.executemany("INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?)", rows)
    db.commit()
    data = db.serialize()
    db.close()
    return data


def read_rows(data):
    """[(id, username, password_hash, created_at), ...] from the bytes of a users.db."""
    db = sqlite3.connect(":memory:")
    db.deserialize(data)
    rows = db.execute("SELECT id, username, password_hash, created_at FROM users ORDER BY id").fetchall()
    db.close()
    return rows


def stored_hashes(run):
    """{username: password_hash} as the target's database holds them now ({} if it is gone)."""
    data = run.target.read_file("data/users.db")
    if data is None:
        return {}
    return {row[1]: row[2] for row in read_rows(data)}
