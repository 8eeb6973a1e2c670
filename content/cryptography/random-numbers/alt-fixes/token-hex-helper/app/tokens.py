"""Every random code the Dockside Hall box office hands out (tickets, reset tokens, sessions)."""

from secrets import token_hex

TICKET_BYTES = 16  # 128 bits: the floor for anything that opens a door
SECRET_BYTES = 32  # 256 bits for codes that open an account


def _code(nbytes):
    return token_hex(nbytes)


def ticket_code():
    return _code(TICKET_BYTES)


def reset_token():
    return _code(SECRET_BYTES)


def session_id():
    return _code(SECRET_BYTES)
