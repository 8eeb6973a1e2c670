"""Input checks shared by the sign-up form (app/signup.py) and the CRM import (app/importer.py).

Both call is_valid_email() on text that comes straight from outside: whatever someone typed
into the form, or a cell of a spreadsheet that someone else exported.

The address is cut at "@" and "." first, then each piece is matched on its own by a small
pattern with no repetition inside a repetition. A piece can only be matched one way, and
no piece can steal characters from its neighbours, so nothing is left to backtrack over.
"""

import re

# RFC 5321 limits: nothing longer can be delivered, so nothing longer is accepted.
MAX_ADDRESS = 254
MAX_LOCAL_PART = 64

_ATOM = re.compile(r"[A-Za-z0-9_%+'-]+")
# A letter or digit, then optionally any letters, digits and hyphens ending in a letter or
# digit. The middle part can only backtrack over its own run, once: linear.
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
_TOP_LEVEL = re.compile(r"[A-Za-z]{2,}")


def is_valid_email(raw: str) -> bool:
    """True if `raw`, once surrounding whitespace is removed, is an address we can accept."""
    address = raw.strip()  # linear, unlike re.sub(r"^\s+|\s+$", "", raw)
    if len(address) > MAX_ADDRESS:
        return False
    local_part, at, domain = address.partition("@")
    if not at or len(local_part) > MAX_LOCAL_PART:
        return False
    # A second @ ends up in the domain, where no label pattern accepts it.
    if not all(_ATOM.fullmatch(atom) for atom in local_part.split(".")):
        return False
    *labels, top_level = domain.split(".")
    return (bool(labels) and all(_LABEL.fullmatch(label) for label in labels)
            and _TOP_LEVEL.fullmatch(top_level) is not None)
