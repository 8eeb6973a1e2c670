"""Import course bookings exported by the KilnCraft marketplace.

    python -m app.importer inbox/kilncraft-export.csv

KilnCraft sells places on the studio's courses and sends a CSV export with one booking per
row: name, age, email, quantity (places bought) and photo (the file name of the picture the
participant uploaded for the course board, or empty). The pictures arrive in a photos/
folder next to the CSV file.

Every row goes through app.records.parse_row(). For each booking it returns, the importer
  1. records the booking and its amount in the studio ledger (data/studio.db);
     the treasurer's nightly run pays out every negative amount as a refund,
  2. copies the photo to data/photos/<booking id><extension> for the course board,
  3. writes the confirmation e-mail to data/outbox/<booking id>.eml (the mail relay sends it),
  4. appends one line per booking to data/daybook.txt, which the treasurer reconciles.
A row that parse_row() refuses with a ValueError is skipped and reported; the rest of the
file is still imported.

This file is not yours to change in the lab: app/records.py is where rows are checked.
"""

import csv
import shutil
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from app.records import parse_row

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
LEDGER = DATA / "studio.db"
PHOTOS = DATA / "photos"
OUTBOX = DATA / "outbox"
DAYBOOK = DATA / "daybook.txt"

PLACE_CENTS = 4800  # one place on a six-week course
JUNIOR_CENTS = 2400  # participants under 18 pay half

SCHEMA = """
CREATE TABLE IF NOT EXISTS bookings (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    age INTEGER NOT NULL,
    email TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    photo TEXT NOT NULL,
    amount_cents INTEGER NOT NULL
)
"""


def _connect():
    DATA.mkdir(exist_ok=True)
    db = sqlite3.connect(LEDGER)
    db.execute(SCHEMA)
    return db


def _book(db, photos_in, booking):
    unit = JUNIOR_CENTS if booking.age < 18 else PLACE_CENTS
    amount = booking.quantity * unit
    with db:
        booking_id = db.execute(
            "INSERT INTO bookings (name, age, email, quantity, photo, amount_cents) VALUES (?, ?, ?, ?, ?, ?)",
            (booking.name, booking.age, booking.email, booking.quantity, booking.photo, amount),
        ).lastrowid

    if booking.photo:
        source = photos_in / booking.photo
        if source.is_file():
            PHOTOS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, PHOTOS / f"{booking_id}{source.suffix.lower()}")

    OUTBOX.mkdir(parents=True, exist_ok=True)
    (OUTBOX / f"{booking_id}.eml").write_text(
        "From: bookings@lanternhall.example\n"
        f"To: {booking.email}\n"
        f"Subject: Your booking {booking_id} at Lantern Hall Pottery\n"
        "\n"
        f"Dear {booking.name},\n\n"
        f"thank you for booking {booking.quantity} place(s). We have charged {amount / 100:.2f} EUR.\n"
        "See you at the wheel!\n",
        encoding="utf-8",
    )

    with open(DAYBOOK, "a", encoding="utf-8") as daybook:
        daybook.write(f"{booking_id:05d} | {booking.name} | {booking.email} | "
                      f"{booking.quantity} x {unit / 100:.2f} | {amount / 100:.2f}\n")
    return {"id": booking_id, "amount_cents": amount}


def import_bookings(csv_path):
    """Import one export file. Returns what happened to each row (rows count from 1):

        {"booked":   [{"row": 1, "id": 17, "amount_cents": 9600}, ...],
         "rejected": [{"row": 2, "field": "age", "reason": "age: ..."}, ...]}
    """
    csv_path = Path(csv_path)
    photos_in = csv_path.parent / "photos"
    booked, rejected = [], []
    with open(csv_path, newline="", encoding="utf-8") as export, closing(_connect()) as db:
        for number, row in enumerate(csv.DictReader(export), start=1):
            try:
                booking = parse_row(row)
            except ValueError as err:  # RecordError is a ValueError
                rejected.append({"row": number, "field": getattr(err, "field", None), "reason": str(err)})
                continue
            booked.append({"row": number, **_book(db, photos_in, booking)})
    return {"booked": booked, "rejected": rejected}


def main(argv):
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    result = import_bookings(argv[0])
    for item in result["booked"]:
        print(f"row {item['row']}: booking {item['id']}, {item['amount_cents'] / 100:.2f} EUR")
    for item in result["rejected"]:
        print(f"row {item['row']}: REJECTED ({item['field'] or 'unknown field'}) {item['reason']}")
    print(f"{len(result['booked'])} booked, {len(result['rejected'])} rejected; see data/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
