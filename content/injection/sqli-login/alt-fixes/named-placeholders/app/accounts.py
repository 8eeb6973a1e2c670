"""Member accounts: checking a username and password at the clubhouse login screen."""

import hashlib
from contextlib import closing
from datetime import datetime, timezone

from app.database import connect

# Passwords are stored as SHA-256 over a site-wide salt, the scheme the first version of
# the app used. TODO(committee): move to a slow, per-user salted hash.
SITE_SALT = "harbour-lane:"

# Named placeholders: the values are bound by name from a dict, never written into the text.
FIND_MEMBER = """
    SELECT id, username, display_name, role
      FROM members
     WHERE username = :username
       AND password_hash = :digest
"""
STAMP_LOGIN = "UPDATE members SET last_login = :now WHERE id = :id"


def hash_password(password):
    return hashlib.sha256((SITE_SALT + password).encode("utf-8")).hexdigest()


def login(username, password):
    """Check a member's username and password.

    Returns the member's profile, a dict with id, username, display_name and role, when
    both match; None when they don't. A successful login is stamped in last_login so the
    committee can see who uses the clubhouse PC.
    """
    with closing(connect()) as conn:
        cur = conn.cursor()
        cur.execute(FIND_MEMBER, {"username": username, "digest": hash_password(password)})
        row = cur.fetchone()
        if row is None:
            return None
        with conn:  # commits the UPDATE, or rolls it back on error
            conn.execute(STAMP_LOGIN, {"now": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                       "id": row["id"]})
        return {"id": row["id"], "username": row["username"],
                "display_name": row["display_name"], "role": row["role"]}
