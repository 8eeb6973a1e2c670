"""Every random code the Dockside Hall box office hands out (tickets, reset tokens, sessions)."""

import random
import string

ALPHABET = string.ascii_letters + string.digits


def _code(length):
    # 62 possible characters per position: 32 of them is over 190 bits.
    return "".join(random.choice(ALPHABET) for _ in range(length))


def ticket_code():
    return _code(24)


def reset_token():
    return _code(43)


def session_id():
    return _code(43)
