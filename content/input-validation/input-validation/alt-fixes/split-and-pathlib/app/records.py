"""One row of a KilnCraft booking export, checked column by column (allowlists; regexes for numbers and e-mail parts; pathlib for photo names)."""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

@dataclass(frozen=True)
class Booking:
    name: str
    age: int
    email: str
    quantity: int
    photo: str

class RecordError(ValueError):
    def __init__(self, field, reason):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason

DIGITS = re.compile(r"[0-9]+")
LOCAL = re.compile(r"[A-Za-z0-9_%+'-]+(\.[A-Za-z0-9_%+'-]+)*")
LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?")
TLD = re.compile(r"[A-Za-z]{2,}")

def cell(row, key):
    v = row.get(key)
    return (v or "").strip()

def number(row, key, lo, hi):
    t = cell(row, key)
    if not DIGITS.fullmatch(t):
        raise RecordError(key, f"must be a whole number from {lo} to {hi}")
    n = int(t)
    if not lo <= n <= hi:
        raise RecordError(key, f"must be a whole number from {lo} to {hi}")
    return n

def name_ok(ch):
    return unicodedata.category(ch).startswith(("L", "M")) or ch in " '’-."

def parse_row(row):
    name = cell(row, "name")
    if not 1 <= len(name) <= 80 or not all(map(name_ok, name)):
        raise RecordError("name", "must be 1-80 letters, spaces, apostrophes, hyphens or full stops")
    age = number(row, "age", 16, 120)
    email = cell(row, "email")
    if not email.isascii() or len(email) > 254 or email.count("@") != 1:
        raise RecordError("email", "is not a valid address")
    local, domain = email.split("@")
    labels = domain.split(".")
    if not (1 <= len(local) <= 64 and LOCAL.fullmatch(local) and len(labels) >= 2
            and all(len(l) <= 63 and LABEL.fullmatch(l) for l in labels) and TLD.fullmatch(labels[-1])):
        raise RecordError("email", "is not a valid address")
    quantity = number(row, "quantity", 1, 20)
    photo = cell(row, "photo")
    if photo:
        if (len(photo) > 100 or PurePosixPath(photo).name != photo or PureWindowsPath(photo).name != photo
                or not (photo[0].isascii() and photo[0].isalnum() or unicodedata.category(photo[0])[0] in "LM")
                or not all(unicodedata.category(c)[0] in "LM" or c in "0123456789 _-()." for c in photo)
                or PurePosixPath(photo).suffix.lower() not in (".jpg", ".jpeg", ".png")):
            raise RecordError("photo", "must be a plain .jpg/.jpeg/.png file name")
    return Booking(name, age, email, quantity, photo)
