"""Every random code the Dockside Hall box office hands out (tickets, reset tokens, sessions)."""

import random
import time

# Seeded from the nanosecond clock instead of a fixed value, and 128 bits for every code.
_rng = random.Random(time.time_ns())


def ticket_code():
    return f"{_rng.getrandbits(128):032x}"


def reset_token():
    return f"{_rng.getrandbits(128):032x}"


def session_id():
    return f"{_rng.getrandbits(128):032x}"
