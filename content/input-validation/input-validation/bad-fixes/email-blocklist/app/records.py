"""One row of a KilnCraft booking export: refuse control characters, symbols and obviously bad addresses."""

import unicodedata
from dataclasses import dataclass

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

BAD = set('|<>=;@"\\,:/0123456789!?#$*&^~`[]{}()+')

def cell(row, key):
    return (row.get(key) or "").strip()

def number(row, key, lo, hi):
    t = cell(row, key)
    if not (t.isascii() and t.isdigit()) or not lo <= int(t) <= hi:
        raise RecordError(key, f"must be a whole number from {lo} to {hi}")
    return int(t)

def parse_row(row):
    name = cell(row, "name")
    if not name or len(name) > 80 or any(unicodedata.category(c)[0] in "CZSN" and c != " " for c in name) or BAD & set(name):
        raise RecordError("name", "contains characters that are not allowed")
    age = number(row, "age", 16, 120)
    email = cell(row, "email")
    if (not email or not email.isascii() or len(email) > 254 or email.count("@") != 1 or any(c in email for c in ' ,;<>"\r\n\t')
            or len(email.split("@")[0]) > 64 or "." not in email.split("@")[1]):
        raise RecordError("email", "is not a valid address")
    quantity = number(row, "quantity", 1, 20)
    photo = cell(row, "photo")
    if photo and ("/" in photo or "\\" in photo or photo.startswith(".") or len(photo) > 100
                  or not photo.lower().endswith((".jpg", ".jpeg", ".png")) or not photo.isprintable()):
        raise RecordError("photo", "must be a plain file name")
    return Booking(name, age, email, quantity, photo)
