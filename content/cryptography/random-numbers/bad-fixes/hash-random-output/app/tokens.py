"""Every random code the Dockside Hall box office hands out (tickets, reset tokens, sessions)."""

import hashlib
import random


def _code():
    # Hashing hides the generator's output, so nobody can rebuild its state from the codes.
    return hashlib.sha256(str(random.random()).encode()).hexdigest()


def ticket_code():
    return _code()[:32]


def reset_token():
    return _code()


def session_id():
    return _code()
