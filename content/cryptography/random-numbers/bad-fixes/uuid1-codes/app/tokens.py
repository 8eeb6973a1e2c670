"""Every random code the Dockside Hall box office hands out (tickets, reset tokens, sessions)."""

import uuid

# A UUID is globally unique, 128 bits, and the standard way to make an ID.


def ticket_code():
    return uuid.uuid1().hex


def reset_token():
    return uuid.uuid1().hex


def session_id():
    return uuid.uuid1().hex
