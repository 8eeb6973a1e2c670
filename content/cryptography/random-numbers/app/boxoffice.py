"""The box office: selling tickets, the door scanner, accounts and password resets.

Every random code comes from app/tokens.py; this module only stores and checks them.
"""

import hashlib
import hmac
import os
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

from app import tokens

DB_PATH = Path(__file__).resolve().parent.parent / "data" / "boxoffice.db"
SCHEMA_PATH = Path(__file__).with_name("schema.sql")

MAX_TICKETS_PER_ORDER = 1000  # schools and companies book whole blocks
RESET_LINK = "https://tickets.docksidehall.example/reset?token="
RESET_VALID = timedelta(minutes=30)


def connect(path=DB_PATH):
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def _now():
    return datetime.now(timezone.utc)


def hash_password(password, salt=None):
    """scrypt, stored as scrypt$<salt hex>$<hash hex>."""
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def _password_ok(password, stored):
    _, salt, _ = stored.split("$")
    return hmac.compare_digest(hash_password(password, bytes.fromhex(salt)), stored)


# ------------------------------------------------------------------ tickets


def list_events():
    """What is on: [{"id": 1, "title": "...", "starts_at": "..."}, ...]."""
    with closing(connect()) as conn:
        return [dict(r) for r in conn.execute("SELECT id, title, starts_at FROM events ORDER BY starts_at")]


def buy_tickets(email, event_id, quantity):
    """Sell `quantity` tickets for one event. Returns the event's title and the ticket codes."""
    if not isinstance(quantity, int) or not 1 <= quantity <= MAX_TICKETS_PER_ORDER:
        raise ValueError(f"an order is for 1 to {MAX_TICKETS_PER_ORDER} tickets")
    with closing(connect()) as conn:
        event = conn.execute("SELECT id, title FROM events WHERE id = ?", (event_id,)).fetchone()
        if event is None:
            raise ValueError("no such event")
        codes = [tokens.ticket_code() for _ in range(quantity)]
        with conn:
            conn.executemany("INSERT INTO tickets (code, event_id, email) VALUES (?, ?, ?)",
                             [(code, event["id"], email) for code in codes])
    return {"event": event["title"], "tickets": codes}


def check_in(code):
    """The door scanner: a valid, unused ticket gets in once. Returns the ticket or None."""
    with closing(connect()) as conn, conn:
        row = conn.execute(
            "SELECT t.code, t.email, e.title FROM tickets t JOIN events e ON e.id = t.event_id "
            "WHERE t.code = ? AND t.checked_in_at IS NULL", (code,)).fetchone()
        if row is None:
            return None
        conn.execute("UPDATE tickets SET checked_in_at = ? WHERE code = ?", (_now().isoformat(), code))
        return {"event": row["title"], "email": row["email"]}


# ------------------------------------------------------------------ accounts


def request_password_reset(email):
    """E-mails a reset link to the account's owner. Says the same whether or not the account exists."""
    with closing(connect()) as conn, conn:
        customer = conn.execute("SELECT id, name FROM customers WHERE email = ?", (email,)).fetchone()
        if customer is not None:
            token = tokens.reset_token()
            conn.execute("INSERT INTO password_resets (token, customer_id, expires_at) VALUES (?, ?, ?)",
                         (token, customer["id"], (_now() + RESET_VALID).isoformat()))
            body = (f"Hello {customer['name']},\n\nSomeone asked to reset your Dockside Hall password. "
                    f"If it was you, open this link within 30 minutes:\n\n{RESET_LINK}{token}\n")
            conn.execute("INSERT INTO outbox (recipient, subject, body) VALUES (?, ?, ?)",
                         (email, "Reset your password", body))
    return "If that address has an account, a reset link is on its way."


def reset_password(email, token, new_password):
    """Sets a new password when the token from the e-mail is valid. True on success."""
    with closing(connect()) as conn, conn:
        row = conn.execute(
            "SELECT r.token, r.customer_id, r.expires_at FROM password_resets r "
            "JOIN customers c ON c.id = r.customer_id "
            "WHERE r.token = ? AND c.email = ? AND r.used = 0", (token, email)).fetchone()
        if row is None or datetime.fromisoformat(row["expires_at"]) < _now():
            return False
        conn.execute("UPDATE password_resets SET used = 1 WHERE token = ?", (row["token"],))
        conn.execute("UPDATE customers SET password_hash = ? WHERE id = ?",
                     (hash_password(new_password), row["customer_id"]))
        conn.execute("DELETE FROM sessions WHERE customer_id = ?", (row["customer_id"],))
        return True


def login(email, password):
    """Returns a new session ID, or None when the e-mail or password is wrong."""
    with closing(connect()) as conn, conn:
        customer = conn.execute("SELECT id, password_hash FROM customers WHERE email = ?", (email,)).fetchone()
        if customer is None or not _password_ok(password, customer["password_hash"]):
            return None
        session = tokens.session_id()
        conn.execute("INSERT INTO sessions (id, customer_id, created_at) VALUES (?, ?, ?)",
                     (session, customer["id"], _now().isoformat()))
        return session


def account(session):
    """The logged-in customer's page. Staff also see the venue settings."""
    with closing(connect()) as conn:
        row = conn.execute(
            "SELECT c.email, c.name, c.role FROM sessions s JOIN customers c ON c.id = s.customer_id "
            "WHERE s.id = ?", (session,)).fetchone()
        if row is None:
            return None
        page = dict(row)
        if row["role"] == "staff":
            page["settings"] = {r["key"]: r["value"] for r in conn.execute("SELECT key, value FROM settings")}
        return page
