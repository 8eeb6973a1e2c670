"""One row of a KilnCraft booking export, turned into a Booking the importer can use.

csv.DictReader hands every row over as a dict of column name -> text. A cell that is
missing altogether (a row with fewer cells than the header) comes as None.

parse_row() is the only place where a row is checked. Everything after it - the ledger,
the course-board photos, the confirmation e-mails, the treasurer's daybook - trusts the
Booking it returns. A row that must not be imported is refused by raising RecordError
(a ValueError) with the name of the column and the reason; the importer reports it and
carries on with the next row.

Each column is described by what a good value looks like (an allowlist): its type, its
length, its range, the characters it may contain. Anything else is refused, not repaired.
"""

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Booking:
    name: str  # as the participant wrote it
    age: int
    email: str
    quantity: int  # places bought
    photo: str  # file name in the export's photos/ folder, "" for none


class RecordError(ValueError):
    """A row the importer must skip: `field` is the column, the message says why."""

    def __init__(self, field, reason):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


MAX_NAME = 80
MAX_EMAIL = 254
MAX_LOCAL_PART = 64
MAX_PHOTO = 100
AGES = range(16, 121)  # the courses are for adults and 16/17-year-olds
QUANTITIES = range(1, 21)  # a group booking is at most 20 places

NAME_PUNCTUATION = frozenset(" '’-.")
PHOTO_PUNCTUATION = frozenset(" _-().")
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png")
ASCII_DIGITS = frozenset("0123456789")

# ASCII only, so that look-alike letters from other scripts cannot pass for an address
# that exists: letters, digits and _ % + - ' in dot-separated atoms; labels of letters,
# digits and inner hyphens; a top-level domain of letters.
_ATOM = r"[A-Za-z0-9_%+'-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}")


def _text(row, field, required=True):
    """The cell without surrounding spaces; RecordError if it is required and empty or missing."""
    raw = row.get(field)
    if raw is None:
        raw = ""
    text = raw.strip(" ")
    if required and not text:
        raise RecordError(field, "is empty or missing")
    return text


def _whole_number(row, field, allowed):
    text = _text(row, field)
    # int() alone is far too generous: it takes "1_0", " +7", full-width and Arabic-Indic
    # digits, and numbers of any size. Check the characters first, the range after.
    if len(text) > 3 or not set(text) <= ASCII_DIGITS:
        raise RecordError(field, f"must be a whole number from {allowed.start} to {allowed.stop - 1}")
    value = int(text)
    if value not in allowed:
        raise RecordError(field, f"must be a whole number from {allowed.start} to {allowed.stop - 1}")
    return value


def _is_letter(ch):
    # Letters of every script, and combining accents (category M), which str.isalpha() refuses.
    return unicodedata.category(ch)[0] in "LM"


def _name(row):
    name = _text(row, "name")
    if not all(_is_letter(ch) or ch in NAME_PUNCTUATION for ch in name):
        raise RecordError("name", "may only contain letters, spaces, apostrophes, hyphens and full stops")
    return name


def _email(row):
    email = _text(row, "email")
    local_part, _, _ = email.rpartition("@")
    # fullmatch: the whole value, and no "$" that would let a final newline through.
    if EMAIL.fullmatch(email) is None:
        raise RecordError("email", "is not a plain e-mail address such as name@example.org")
    return email


def _photo(row):
    photo = _text(row, "photo", required=False)
    if not photo:
        return ""
    allowed = all(_is_letter(ch) or ch in ASCII_DIGITS or ch in PHOTO_PUNCTUATION for ch in photo)
    # No "/" or "\" can pass, so the name cannot point into another folder; the first
    # character must be a letter or digit, so it is never "." or ".." or a hidden file.
    if not allowed or not (_is_letter(photo[0]) or photo[0] in ASCII_DIGITS):
        raise RecordError("photo", "must be a plain file name of letters, digits, spaces and _ - ( ) .")
    if not photo.lower().endswith(PHOTO_EXTENSIONS):
        raise RecordError("photo", "must be a .jpg, .jpeg or .png file")
    return photo


def parse_row(row):
    """Turn one CSV row (a dict of column -> text) into a Booking, or raise RecordError."""
    return Booking(
        name=_name(row),
        age=_whole_number(row, "age", AGES),
        email=_email(row),
        quantity=_whole_number(row, "quantity", QUANTITIES),
        photo=_photo(row),
    )
