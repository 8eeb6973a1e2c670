"""Input checks shared by the sign-up form (app/signup.py) and the CRM import (app/importer.py).

Both call is_valid_email() on text that comes straight from outside: whatever someone typed
into the form, or a cell of a spreadsheet that someone else exported.
"""

import re

# RFC 5321 limits: nothing longer can be delivered, so nothing longer is accepted.
MAX_ADDRESS = 254
MAX_LOCAL_PART = 64

# People paste addresses with stray spaces, tabs or line breaks around them, and the old
# CRM export pads every cell with spaces to the column width. Trim all of it.
# The alternation was the slow part; strip the front with str.lstrip() and only
# the end with a regex.
_TRAILING_SPACE = re.compile(r"\s+$")

# Local part (before the @): "atoms" of letters, digits and _ % + - ' joined by single dots,
# e.g. ada.lovelace, o'brien, news+radio. No dot at either end, never two in a row.
_ATOM_CHAR = r"[A-Za-z0-9_%+'-]"
_LOCAL_PART = rf"{_ATOM_CHAR}+(?:\.{_ATOM_CHAR}+)*"  # the dot between atoms is required

# Domain: labels of letters and digits joined by dots. Hyphens may appear inside a label,
# several in a row too (punycode labels such as xn--bcher-kva), but not at either end.
# The last label, the top-level domain, is letters only and at least two of them.
_LABEL = r"[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*"  # each repetition starts with a hyphen
_DOMAIN = rf"(?:{_LABEL}\.)+[A-Za-z]{{2,}}"

_EMAIL = re.compile(rf"^{_LOCAL_PART}@{_DOMAIN}$")


def is_valid_email(raw: str) -> bool:
    """True if `raw`, once surrounding whitespace is removed, is an address we can accept."""
    address = _TRAILING_SPACE.sub("", raw.lstrip())
    if not _EMAIL.match(address):
        return False
    local_part = address.rpartition("@")[0]
    return len(address) <= MAX_ADDRESS and len(local_part) <= MAX_LOCAL_PART
