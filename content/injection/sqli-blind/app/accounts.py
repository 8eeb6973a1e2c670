"""Member accounts: the sign-up form's "is this name free?" check and "forgot your password?"."""

import logging
import secrets
from contextlib import closing
from datetime import datetime, timedelta, timezone

from app.database import OUTBOX_PATH, connect

log = logging.getLogger(__name__)

RESET_ANSWER = "If an account uses that address, we have e-mailed it a link to choose a new password."
SITE = "https://members.ironbridge-makerspace.org"


def username_taken(username):
    """The sign-up form asks this as you type: True when the name already has an owner.

    Names are compared without regard to case, so "Ada" and "ada" count as the same name.
    """
    with closing(connect()) as conn:
        query = f"SELECT 1 FROM members WHERE lower(username) = lower('{username.strip()}')"
        return conn.execute(query).fetchone() is not None


def request_password_reset(email):
    """The "forgot your password?" form.

    It always gives the same answer, whether or not the address belongs to a member, so that
    nobody can use the form to find out who is a member. If it does, a one-time link valid for
    an hour is stored and e-mailed. Nothing that goes wrong here is shown to the visitor
    either: it is logged for the trustees and the visitor gets the usual answer.
    """
    try:
        with closing(connect()) as conn:
            query = f"SELECT id, username, email FROM members WHERE email = '{email.strip()}'"
            member = conn.execute(query).fetchone()
            if member is not None:
                token = secrets.token_urlsafe(24)
                expires = datetime.now(timezone.utc) + timedelta(hours=1)
                conn.execute(
                    "INSERT INTO password_resets (member_id, token, expires_at) "
                    f"VALUES ({member['id']}, '{token}', '{expires.isoformat(timespec='seconds')}')"
                )
                conn.commit()
                _send_mail(member["email"], f"Hello {member['username']}, choose a new password at "
                                            f"{SITE}/reset/{token} (valid for an hour).")
    except Exception:
        log.exception("password reset for %r failed", email)
    return RESET_ANSWER


def _send_mail(to, text):
    """The site has no mail server of its own: the outbox is sent every minute by cron."""
    OUTBOX_PATH.parent.mkdir(exist_ok=True)
    with OUTBOX_PATH.open("a", encoding="utf-8") as outbox:
        outbox.write(f"To: {to}\n{text}\n\n")
