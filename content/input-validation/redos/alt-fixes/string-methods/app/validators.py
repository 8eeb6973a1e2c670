"""Input checks shared by the sign-up form (app/signup.py) and the CRM import (app/importer.py).

Both call is_valid_email() on text that comes straight from outside: whatever someone typed
into the form, or a cell of a spreadsheet that someone else exported.

No regular expressions: the address is split at its separators and each piece is checked
with string and set operations. Each step looks at every character a fixed number of times,
so the time grows in step with the input, and the rules read like the spec.
"""

import string

# RFC 5321 limits: nothing longer can be delivered, so nothing longer is accepted.
MAX_ADDRESS = 254
MAX_LOCAL_PART = 64

_LETTERS_DIGITS = frozenset(string.ascii_letters + string.digits)
_ATOM_CHARS = _LETTERS_DIGITS | frozenset("_%+-'")
_LABEL_CHARS = _LETTERS_DIGITS | frozenset("-")
_LETTERS = frozenset(string.ascii_letters)


def _is_atom(atom: str) -> bool:
    """A piece of the local part between dots: ASCII letters, digits and _ % + - '."""
    return bool(atom) and set(atom) <= _ATOM_CHARS


def _is_label(label: str) -> bool:
    """A domain label: letters, digits and hyphens, with a letter or digit at each end."""
    return (bool(label) and set(label) <= _LABEL_CHARS
            and label[0] in _LETTERS_DIGITS and label[-1] in _LETTERS_DIGITS)


def is_valid_email(raw: str) -> bool:
    """True if `raw`, once surrounding whitespace is removed, is an address we can accept."""
    # Pasted and exported addresses come with whitespace around them. str.strip() removes
    # the same characters as \s, in one pass from each end.
    address = raw.strip()
    if len(address) > MAX_ADDRESS or address.count("@") != 1:
        return False
    local_part, domain = address.split("@")
    if len(local_part) > MAX_LOCAL_PART:
        return False
    # split(".") turns "a..b", ".a" and "a." into an empty piece, which _is_atom refuses.
    if not all(_is_atom(atom) for atom in local_part.split(".")):
        return False
    *labels, top_level = domain.split(".")
    if not labels or not all(_is_label(label) for label in labels):
        return False
    return len(top_level) >= 2 and set(top_level) <= _LETTERS
