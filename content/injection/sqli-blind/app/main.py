"""Try the two public forms of the members' site by hand, on a demo database.

    python -m app.main taken "ada"                 # the sign-up form's name check
    python -m app.main reset "ada@example.org"     # the "forgot your password?" form

On first use it creates a small demo database in data/space.db (door code 135790). `pysec
check` never uses this file: each check builds its own database with a new door code.
The reset form also prints how long it took; a real attacker measures that from outside.
"""

import hashlib
import secrets
import sys
import time
from contextlib import closing

from app.accounts import request_password_reset, username_taken
from app.database import DATA_DIR, DB_PATH, connect, create_schema

DEMO_MEMBERS = [
    ("ada", "Ada Byrne", "ada@example.org"),
    ("kwame.o", "Kwame Osei", "kwame@example.net"),
    ("trustee", "Helen Marsh", "helen.marsh@example.org"),
]


def create_demo_database():
    DATA_DIR.mkdir(exist_ok=True)
    with closing(connect()) as conn:
        create_schema(conn)
        for username, name, email in DEMO_MEMBERS:
            digest = hashlib.sha256(secrets.token_bytes(16)).hexdigest()
            conn.execute("INSERT INTO members (username, display_name, email, password_hash, joined) "
                         "VALUES (?, ?, ?, ?, '2024-01-15')", (username, name, email, digest))
        conn.executemany("INSERT INTO settings VALUES (?, ?)",
                         [("space_name", "Ironbridge Makerspace"), ("door_code", "135790")])
        conn.executemany("INSERT INTO tools (name) VALUES (?)", [("laser cutter",), ("lathe",)])
        conn.commit()
    print("Created a demo database in data/space.db (door code 135790).\n")


def main(argv):
    if len(argv) != 2 or argv[0] not in ("taken", "reset"):
        print(__doc__.strip())
        return 2
    if not DB_PATH.exists():
        create_demo_database()
    form, value = argv
    if form == "taken":
        print("That name is taken." if username_taken(value) else "That name is free.")
        return 0
    start = time.perf_counter()
    answer = request_password_reset(value)
    print(f"{answer}\n(took {(time.perf_counter() - start) * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
