"""Input checks shared by the sign-up form (app/signup.py) and the CRM import (app/importer.py).

Both call is_valid_email() on text that comes straight from outside: whatever someone typed
into the form, or a cell of a spreadsheet that someone else exported.

The patterns are the original ones, each wrapped in an atomic group (?>...), which Python's
re supports since 3.11. Once an atomic group has matched, the engine never comes back into
it to try a shorter or differently split match. The original local-part pattern always
matches the longest run of atoms it can find; if what follows is not an @, there is no
point in trying the 2**n other ways of cutting that run into atoms, and now the engine
doesn't. The same goes for each domain label, which always ends at a dot.

Possessive quantifiers on groups, such as (?:...)*+, mean the same thing, but CPython
3.11.0 to 3.11.4 matched them wrongly in some patterns (gh-106052); atomic groups are safe
on every 3.11.
"""

import re

# RFC 5321 limits: nothing longer can be delivered, so nothing longer is accepted.
MAX_ADDRESS = 254
MAX_LOCAL_PART = 64

# Local part: atoms of letters, digits and _ % + - ' joined by single dots.
_ATOM_CHAR = r"[A-Za-z0-9_%+'-]"
_LOCAL_PART = rf"(?>{_ATOM_CHAR}+(?:\.?{_ATOM_CHAR}+)*)"

# Domain: labels with hyphens inside only, each label atomic, then a top-level domain of
# letters. The loop over labels may still give back whole labels (to let the last one be
# the top-level domain), but that is one step per label, not one per way of splitting it.
_LABEL = r"(?>[A-Za-z0-9]+(?:-*[A-Za-z0-9]+)*)"
_DOMAIN = rf"(?:{_LABEL}\.)+[A-Za-z]{{2,}}"

_EMAIL = re.compile(rf"{_LOCAL_PART}@{_DOMAIN}")


def is_valid_email(raw: str) -> bool:
    """True if `raw`, once surrounding whitespace is removed, is an address we can accept."""
    # Not re.sub(r"^\s+|\s+$"): that retries "\s+$" at every position of a whitespace run
    # inside the text, which is quadratic. str.strip() removes the same characters in one pass.
    address = raw.strip()
    # The pattern runs first, on input of any length: with nothing to backtrack over, it
    # costs time in proportion to the input. The length limits are part of the spec.
    if not _EMAIL.fullmatch(address):
        return False
    local_part = address.rpartition("@")[0]
    return len(address) <= MAX_ADDRESS and len(local_part) <= MAX_LOCAL_PART
