"""Member accounts: checking a username and password at the clubhouse login screen."""

import hashlib
import hmac
from contextlib import closing
from datetime import datetime, timezone

from app.database import connect

# Passwords are stored as SHA-256 over a site-wide salt, the scheme the first version of
# the app used. TODO(committee): move to a slow, per-user salted hash.
SITE_SALT = "harbour-lane:"


def hash_password(password):
    return hashlib.sha256((SITE_SALT + password).encode("utf-8")).hexdigest()


def _find_member(conn, username):
    # The username is bound to the ? placeholder, so it is only ever compared, never parsed.
    return conn.execute(
        "SELECT id, username, display_name, role, password_hash FROM members WHERE username = ?",
        (username,),
    ).fetchone()


def login(username, password):
    """Check a member's username and password.

    Returns the member's profile, a dict with id, username, display_name and role, when
    both match; None when they don't. A successful login is stamped in last_login so the
    committee can see who uses the clubhouse PC.
    """
    with closing(connect()) as conn:
        member = _find_member(conn, username)
        # Hash even for unknown users, so both paths take about as long, and compare in
        # constant time, so the response time says nothing about the stored hash.
        digest = hash_password(password)
        if member is None or not hmac.compare_digest(digest, member["password_hash"]):
            return None
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        conn.execute("UPDATE members SET last_login = ? WHERE id = ?", (now, member["id"]))
        conn.commit()
        return {"id": member["id"], "username": member["username"],
                "display_name": member["display_name"], "role": member["role"]}
