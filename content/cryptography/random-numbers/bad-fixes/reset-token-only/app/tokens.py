"""Every random code the Dockside Hall box office hands out (tickets, reset tokens, sessions)."""

import random
import secrets

_rng = random.Random()


def ticket_code():
    return f"{_rng.getrandbits(32):08x}"


def reset_token():
    """The reset token was the one that got attacked, so it comes from secrets now."""
    return secrets.token_urlsafe(32)


def session_id():
    return f"{_rng.getrandbits(128):032x}"
