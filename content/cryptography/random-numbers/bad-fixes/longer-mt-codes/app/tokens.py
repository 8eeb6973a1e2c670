"""Every random code the Dockside Hall box office hands out (tickets, reset tokens, sessions)."""

import random

_rng = random.Random()


def ticket_code():
    """128 bits now, like the other codes: four billion was not enough."""
    return f"{_rng.getrandbits(128):032x}"


def reset_token():
    """256 bits: twice as long as before."""
    return _rng.randbytes(32).hex()


def session_id():
    return _rng.randbytes(32).hex()
