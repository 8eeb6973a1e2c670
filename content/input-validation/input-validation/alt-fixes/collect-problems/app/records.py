"""One row of a KilnCraft booking export, turned into a Booking the importer can use.

Alternative fix: every column is checked with an anchored regular expression (plus a
Unicode category test for names and photo names), all problems of a row are collected,
and the row is refused naming the first bad column and listing every problem.
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


# re.ASCII: \d is 0-9 only. No leading zeros beyond what three digits allow.
NUMBER = re.compile(r"\d{1,3}", re.ASCII)
# Length checked by the look-ahead, the local part by the second look-ahead.
EMAIL = re.compile(
    r"(?=.{3,254}\Z)(?=[^@]{1,64}@)"
    r"[A-Za-z0-9_%+'-]+(?:\.[A-Za-z0-9_%+'-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}",
    re.ASCII,
)
PHOTO_SHAPE = re.compile(r"(?=.{1,100}\Z)[^ ._()-][^/\\]*\.(?:jpe?g|png)", re.IGNORECASE)


def _category_ok(text, extra):
    return all(unicodedata.category(ch)[0] in "LM" or ch in extra for ch in text)


def parse_row(row):
    """Turn one CSV row (a dict of column -> text) into a Booking, or raise RecordError."""
    cell = {c: (row.get(c) or "").strip(" ") for c in ("name", "age", "email", "quantity", "photo")}
    problems = []  # (column, reason)

    if not cell["name"]:
        problems.append(("name", "is missing"))
    elif len(cell["name"]) > 80 or not _category_ok(cell["name"], " '’-."):
        problems.append(("name", "must be 1-80 letters, spaces, apostrophes, hyphens or full stops"))

    numbers = {}
    for column, low, high in (("age", 16, 120), ("quantity", 1, 20)):
        text = cell[column]
        if not NUMBER.fullmatch(text) or not low <= int(text) <= high:
            problems.append((column, f"must be a whole number from {low} to {high}"))
        else:
            numbers[column] = int(text)

    if not EMAIL.fullmatch(cell["email"]):
        problems.append(("email", "must be a plain ASCII address such as name@example.org"))

    photo = cell["photo"]
    if photo and not (PHOTO_SHAPE.fullmatch(photo) and _category_ok(photo, "0123456789 _-().")):
        problems.append(("photo", "must be a plain .jpg/.jpeg/.png file name, at most 100 characters"))

    if problems:
        column = problems[0][0]
        raise RecordError(column, "; ".join(f"{c} {reason}" if c != column else reason for c, reason in problems))
    return Booking(name=cell["name"], age=numbers["age"], email=cell["email"],
                   quantity=numbers["quantity"], photo=photo)
