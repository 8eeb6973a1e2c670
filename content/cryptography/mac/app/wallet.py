"""Customer wallets: a balance in cents per customer, credited when TidePay reports a top-up."""

import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

DB_PATH = Path(__file__).resolve().parent.parent / "data" / "wallet.db"

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (customer TEXT PRIMARY KEY, name TEXT NOT NULL, balance INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS payments (
    event_id TEXT NOT NULL, customer TEXT NOT NULL, amount INTEGER NOT NULL, received_at TEXT NOT NULL);
"""


def connect(path=DB_PATH):
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def balance(customer):
    """The customer's balance in cents (None for an unknown customer)."""
    with closing(connect()) as conn:
        row = conn.execute("SELECT balance FROM accounts WHERE customer = ?", (customer,)).fetchone()
        return None if row is None else row["balance"]


def apply_event(event):
    """Books one TidePay event. Only successful top-ups change anything. Returns True if booked."""
    if event.get("type") != "topup.succeeded":
        return False
    data = event["data"]
    with closing(connect()) as conn, conn:
        updated = conn.execute("UPDATE accounts SET balance = balance + ? WHERE customer = ?",
                               (int(data["amount"]), data["customer"])).rowcount
        if not updated:
            return False
        conn.execute("INSERT INTO payments (event_id, customer, amount, received_at) VALUES (?, ?, ?, ?)",
                     (event["id"], data["customer"], int(data["amount"]),
                      datetime.now(timezone.utc).isoformat(timespec="seconds")))
    return True
