"""Every random code the Dockside Hall box office hands out (tickets, reset tokens, sessions)."""

import random

# SystemRandom has random.Random's methods, but every bit comes from os.urandom():
# it keeps no state that outputs could reveal (and ignores any seed).
_rng = random.SystemRandom()


def ticket_code():
    return f"{_rng.getrandbits(128):032x}"


def reset_token():
    return f"{_rng.getrandbits(256):064x}"


def session_id():
    return f"{_rng.getrandbits(256):064x}"
