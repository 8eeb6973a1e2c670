"""Input checks shared by the sign-up form (app/signup.py) and the CRM import (app/importer.py).

Both call is_valid_email() on text that comes straight from outside: whatever someone typed
into the form, or a cell of a spreadsheet that someone else exported.
"""

import re

MAX_ADDRESS = 254
MAX_LOCAL_PART = 64

# A simpler pattern with no nested groups in the local part: something without spaces or
# @, an @, then dot-separated parts ending in a top-level domain of letters.
_EMAIL = re.compile(r"[^@\s]+@(?:[^@\s]+\.)+[A-Za-z]{2,}")


def is_valid_email(raw: str) -> bool:
    """True if `raw`, once surrounding whitespace is removed, is an address we can accept."""
    address = raw.strip()
    if not _EMAIL.fullmatch(address):
        return False
    local_part = address.rpartition("@")[0]
    return len(address) <= MAX_ADDRESS and len(local_part) <= MAX_LOCAL_PART
