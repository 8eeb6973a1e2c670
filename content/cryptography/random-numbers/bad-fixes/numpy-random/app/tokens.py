"""Every random code the Dockside Hall box office hands out (tickets, reset tokens, sessions)."""

import numpy as np

# numpy's generator seeds itself from the operating system and is much faster than random.


def ticket_code():
    return np.random.bytes(16).hex()


def reset_token():
    return np.random.bytes(16).hex()


def session_id():
    return np.random.bytes(16).hex()
