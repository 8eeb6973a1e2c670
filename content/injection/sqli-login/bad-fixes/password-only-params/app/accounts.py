"""Member accounts: checking a username and password at the clubhouse login screen."""

import hashlib
from contextlib import closing
from datetime import datetime, timezone

from app.database import connect

# Passwords are stored as SHA-256 over a site-wide salt, the scheme the first version of
# the app used. TODO(committee): move to a slow, per-user salted hash.
SITE_SALT = "harbour-lane:"


def hash_password(password):
    return hashlib.sha256((SITE_SALT + password).encode("utf-8")).hexdigest()


def login(username, password):
    """Check a member's username and password.

    Returns the member's profile, a dict with id, username, display_name and role, when
    both match; None when they don't. A successful login is stamped in last_login so the
    committee can see who uses the clubhouse PC.
    """
    digest = hash_password(password)
    with closing(connect()) as conn:
        query = (
            "SELECT id, username, display_name, role FROM members "
            f"WHERE username = '{username}' AND password_hash = ?"
        )
        row = conn.execute(query, (digest,)).fetchone()
        if row is None:
            return None
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        conn.execute(f"UPDATE members SET last_login = '{now}' WHERE id = {row['id']}")
        conn.commit()
        return dict(row)
