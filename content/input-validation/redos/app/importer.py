"""Import subscribers from the old CRM's CSV export.

    python -m app.importer export.csv

The export has a header row with at least an `email` column. Its cells are padded with
spaces to the column width; is_valid_email() ignores that padding.
"""

import csv
import sys

from app.validators import is_valid_email


def import_rows(rows):
    """Splits CSV rows into (accepted addresses, rejected rows with their line numbers)."""
    accepted, rejected = [], []
    for line, row in enumerate(rows, start=2):
        raw = row.get("email") or ""
        if is_valid_email(raw):
            accepted.append(raw.strip())
        else:
            rejected.append((line, raw))
    return accepted, rejected


def main(argv):
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[0], newline="", encoding="utf-8") as f:
        accepted, rejected = import_rows(csv.DictReader(f))
    for line, raw in rejected:
        print(f"line {line}: not an address we can use: {raw.strip()[:80]!r}")
    print(f"{len(accepted)} subscribers imported, {len(rejected)} rows rejected")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
