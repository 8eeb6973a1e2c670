"""Try the box office by hand with a demo database.

    python -m app.main

Creates data/boxoffice.db with a demo event and a demo customer on first use, sells you
three tickets and shows the reset e-mail the app would send. `pysec check` never uses this
file: each check builds its own database with new people, passwords and secrets.
"""

import secrets
from contextlib import closing

from app import boxoffice

DEMO_CUSTOMER = ("sam@example.org", "Sam Ruiz", "harbour-lights-7")
MANAGER = "manager@docksidehall.example"


def create_demo_database():
    boxoffice.DB_PATH.parent.mkdir(exist_ok=True)
    with closing(boxoffice.connect()) as conn, conn:
        conn.executescript(boxoffice.SCHEMA_PATH.read_text(encoding="utf-8"))
        conn.execute("INSERT INTO events (title, starts_at) VALUES ('Late Jazz on the Quay', '2025-09-12T20:00')")
        email, name, password = DEMO_CUSTOMER
        conn.execute("INSERT INTO customers (email, name, password_hash) VALUES (?, ?, ?)",
                     (email, name, boxoffice.hash_password(password)))
        conn.execute("INSERT INTO customers (email, name, role, password_hash) VALUES (?, 'Box office', 'staff', ?)",
                     (MANAGER, boxoffice.hash_password(secrets.token_urlsafe(16))))
        conn.execute("INSERT INTO settings VALUES ('card_terminal_secret', 'demo-secret-not-the-real-one')")
    print(f"Created a demo database in data/boxoffice.db. Demo customer: {email} / {password}\n")


def main():
    if not boxoffice.DB_PATH.exists():
        create_demo_database()
    event = boxoffice.list_events()[0]
    order = boxoffice.buy_tickets(DEMO_CUSTOMER[0], event["id"], 3)
    print(f"Three tickets for {order['event']}:", ", ".join(order["tickets"]))
    boxoffice.request_password_reset(DEMO_CUSTOMER[0])
    with closing(boxoffice.connect()) as conn:
        mail = conn.execute("SELECT recipient, body FROM outbox ORDER BY id DESC LIMIT 1").fetchone()
    print(f"\nMail to {mail['recipient']}:\n{mail['body']}")


if __name__ == "__main__":
    main()
