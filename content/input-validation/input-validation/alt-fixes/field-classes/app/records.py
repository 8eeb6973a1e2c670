"""One row of a KilnCraft booking export, turned into a Booking the importer can use.

Alternative fix: one small validator object per column, declared in a table, and no
regular expressions at all - the e-mail address is taken apart with str methods.
"""

import string
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


def _letter(ch):
    # isalpha() covers letters of every script; combining accents are category Mn/Mc/Me.
    return ch.isalpha() or unicodedata.category(ch).startswith("M")


class WholeNumber:
    def __init__(self, low, high):
        self.low, self.high = low, high

    def __call__(self, text):
        if not (text.isascii() and text.isdigit() and len(text) <= len(str(self.high))):
            raise ValueError(f"must be a whole number from {self.low} to {self.high}, in digits 0-9")
        value = int(text)
        if not self.low <= value <= self.high:
            raise ValueError(f"must be from {self.low} to {self.high}")
        return value


class PersonName:
    EXTRA = set(" '’-.")

    def __call__(self, text):
        if len(text) > 80:
            raise ValueError("may be at most 80 characters long")
        bad = [ch for ch in text if not (_letter(ch) or ch in self.EXTRA)]
        if bad:
            raise ValueError(f"contains a character that is not allowed in a name: {bad[0]!r}")
        return text


class EmailAddress:
    LOCAL = set(string.ascii_letters + string.digits + "_%+-'")
    LABEL = set(string.ascii_letters + string.digits + "-")

    def __call__(self, text):
        problem = self.problem(text)
        if problem:
            raise ValueError(f"is not a usable e-mail address ({problem})")
        return text

    def problem(self, text):
        if len(text) > 254 or not text.isascii():
            return "too long or not plain ASCII"
        local, at, domain = text.partition("@")
        if not at or "@" in domain:
            return "needs exactly one @"
        if not 1 <= len(local) <= 64 or any(not atom or not set(atom) <= self.LOCAL for atom in local.split(".")):
            return "the part before @ is not allowed"
        labels = domain.split(".")
        if len(labels) < 2 or not (labels[-1].isalpha() and 2 <= len(labels[-1]) <= 63):
            return "the domain needs a top-level domain of letters"
        for label in labels:
            if not 1 <= len(label) <= 63 or not set(label) <= self.LABEL or label[0] == "-" or label[-1] == "-":
                return "the domain is not allowed"
        return None


class PhotoName:
    EXTRA = set(string.digits + " _-().")
    TYPES = (".jpg", ".jpeg", ".png")

    def __call__(self, text):
        if not text:
            return ""
        if len(text) > 100:
            raise ValueError("may be at most 100 characters long")
        if not (_letter(text[0]) or text[0] in string.digits):
            raise ValueError("must start with a letter or digit")
        if any(not (_letter(ch) or ch in self.EXTRA) for ch in text):
            raise ValueError("must be a plain file name without folders")
        if not text.lower().endswith(self.TYPES):
            raise ValueError("must be a .jpg, .jpeg or .png picture")
        return text


COLUMNS = {
    "name": (True, PersonName()),
    "age": (True, WholeNumber(16, 120)),
    "email": (True, EmailAddress()),
    "quantity": (True, WholeNumber(1, 20)),
    "photo": (False, PhotoName()),
}


def parse_row(row):
    """Turn one CSV row (a dict of column -> text) into a Booking, or raise RecordError."""
    values = {}
    for column, (required, check) in COLUMNS.items():
        text = (row.get(column) or "").strip(" ")
        if required and not text:
            raise RecordError(column, "is required")
        try:
            values[column] = check(text)
        except ValueError as err:
            raise RecordError(column, str(err)) from None
    return Booking(**values)
