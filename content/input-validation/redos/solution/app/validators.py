"""Input checks shared by the sign-up form (app/signup.py) and the CRM import (app/importer.py).

Both call is_valid_email() on text that comes straight from outside: whatever someone typed
into the form, or a cell of a spreadsheet that someone else exported.

Every pattern here is written so that each character of the input can be matched in only
one way. Python's re module is a backtracking engine: when a match fails, it goes back and
tries every other way the pattern could have matched so far. If a run of characters can be
split between quantifiers in many ways, that is exponentially many attempts; if it can be
split in only one way, failing costs no more than matching.
"""

import re

# RFC 5321 limits: nothing longer can be delivered, so nothing longer is accepted.
MAX_ADDRESS = 254
MAX_LOCAL_PART = 64

# Local part: atoms joined by single dots. The dot between atoms is required: with an
# optional dot, "(?:\.?[...]+)*" could cut "abcd" into a|bcd, ab|cd, a|b|cd, ... and the
# engine tried all 2**(n-1) cuttings before rejecting a long run with a bad ending.
_ATOM = r"[A-Za-z0-9_%+'-]+"
_LOCAL_PART = rf"{_ATOM}(?:\.{_ATOM})*"

# Domain label: letters and digits, hyphens inside. "-+" instead of "-*": every repetition
# of the group has to start with at least one hyphen, so a run of letters and digits
# belongs to exactly one piece of the pattern.
_LABEL = r"[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*"
_DOMAIN = rf"(?:{_LABEL}\.)+[A-Za-z]{{2,}}"

_EMAIL = re.compile(rf"{_LOCAL_PART}@{_DOMAIN}")


def is_valid_email(raw: str) -> bool:
    """True if `raw`, once surrounding whitespace is removed, is an address we can accept."""
    # str.strip() walks in from each end once. The old re.sub(r"^\s+|\s+$") retried
    # "\s+$" at every position of a whitespace run in the middle of the text, so the
    # work grew with the square of the run (the bug behind Stack Overflow's 2016 outage).
    address = raw.strip()
    # Cheap length checks first: they keep every later step small. They are not what
    # makes this safe, though: the old patterns were already hopeless at 30 characters.
    if len(address) > MAX_ADDRESS:
        return False
    local_part, at, _domain = address.rpartition("@")
    if not at or len(local_part) > MAX_LOCAL_PART:
        return False
    # fullmatch: the whole address must match, no "^"/"$" (and "$" would allow a final "\n").
    return _EMAIL.fullmatch(address) is not None
