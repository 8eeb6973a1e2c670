"""The clubhouse PC's login screen.

    python -m app.main

On first use it creates a small demo database in data/club.db, so you can try the screen
(and your ideas) by hand. `pysec check` never uses this file: each check builds its own
database with new people, new passwords and a new payment key.
"""

import getpass
import secrets
from contextlib import closing

from app.accounts import hash_password, login
from app.database import DATA_DIR, DB_PATH, connect, create_schema

DEMO_MEMBERS = [
    # username, display name, role, password (None: random, never shown)
    ("mira.okafor", "Mira Okafor", "member", "oars-up-42"),
    ("tom.lindqvist", "Tom Lindqvist", "coach", None),
    ("secretary", "Ruth Brennan", "admin", None),
]


def create_demo_database():
    DATA_DIR.mkdir(exist_ok=True)
    with closing(connect()) as conn:
        create_schema(conn)
        for username, name, role, password in DEMO_MEMBERS:
            conn.execute(
                "INSERT INTO members (username, display_name, role, password_hash) VALUES (?, ?, ?, ?)",
                (username, name, role, hash_password(password or secrets.token_hex(16))),
            )
        conn.execute("INSERT INTO settings VALUES ('club_name', 'Harbour Lane Rowing Club')")
        conn.execute("INSERT INTO settings VALUES ('payments_api_key', 'demo-key-not-the-real-one')")
        conn.commit()
    print("Created a demo database in data/club.db. Demo member: mira.okafor / oars-up-42\n")


def main():
    if not DB_PATH.exists():
        create_demo_database()
    print("Harbour Lane Rowing Club")
    username = input("Username: ")
    password = getpass.getpass("Password: ")
    member = login(username, password)
    if member is None:
        print("Wrong username or password.")
        return 1
    print(f"Welcome, {member['display_name']}!")
    if member["role"] == "admin":
        print("You are signed in as an administrator.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
