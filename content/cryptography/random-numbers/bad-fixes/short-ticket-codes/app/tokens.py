"""Every random code the Dockside Hall box office hands out (tickets, reset tokens, sessions)."""

import secrets


def ticket_code():
    """secrets now, and still 8 hex digits so the QR code stays small."""
    return secrets.token_hex(4)


def reset_token():
    return secrets.token_urlsafe(32)


def session_id():
    return secrets.token_urlsafe(32)
