"""Every random code the Dockside Hall box office hands out (tickets, reset tokens, sessions)."""

import secrets


def ticket_code():
    return secrets.token_urlsafe(16)


def reset_token():
    """A six-digit code from secrets: easy to type in, like a bank's one-time code."""
    return f"{secrets.randbelow(10**6):06d}"


def session_id():
    return secrets.token_urlsafe(32)
