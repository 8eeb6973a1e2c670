"""Every random code the Dockside Hall box office hands out (tickets, reset tokens, sessions).

uuid4() is 122 random bits from os.urandom() (the other 6 bits are a fixed version and
variant), so one UUID is not quite 128 bits: two of them, without dashes, are 244.
"""

import uuid


def _two_uuids():
    return uuid.uuid4().hex + uuid.uuid4().hex


def ticket_code():
    return _two_uuids()


def reset_token():
    return _two_uuids()


def session_id():
    return _two_uuids()
