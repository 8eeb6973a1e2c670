"""Expense report tool: totals every CSV file in a job folder and signs the result.

Run by app/runner.py, once per job, as  python -m report_tool  inside the job's folder.
Reads every *.csv below the current folder (columns: date, category, amount), prints one
line of JSON: {"report": {...}, "signature": "<hex>"}. The signature is an HMAC-SHA256 of
the report with the finance team's key (environment variable REPORT_SIGNING_KEY), so the
accounting system can tell a report from this tool from a spreadsheet someone typed up.
"""

import sys

# Never import from the current folder: users can write to it.
if "" in sys.path:
    sys.path.remove("")

import csv
import hashlib
import hmac
import json
import os
import statistics
from decimal import Decimal, InvalidOperation
from pathlib import Path

CENT = Decimal("0.01")


def canonical(report):
    """The exact bytes that are signed (and that the accounting system checks)."""
    return json.dumps(report, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(report, key):
    return hmac.new(key.encode("utf-8"), canonical(report), hashlib.sha256).hexdigest()


def build_report(folder, key):
    folder = Path(folder)
    files, amounts, by_category = [], [], {}
    for path in sorted(folder.rglob("*.csv")):
        files.append(path.relative_to(folder).as_posix())
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                try:
                    amount = Decimal(row["amount"].strip())
                except (InvalidOperation, KeyError, AttributeError):
                    continue  # headings repeated mid-file, empty lines, notes
                category = (row.get("category") or "other").strip() or "other"
                amounts.append(amount)
                by_category[category] = by_category.get(category, Decimal(0)) + amount
    report = {
        "job": folder.resolve().name,
        "files": files,
        "rows": len(amounts),
        "total": str(sum(amounts, Decimal(0)).quantize(CENT)),
        "median": str(statistics.median(amounts).quantize(CENT)) if amounts else None,
        "by_category": {k: str(v.quantize(CENT)) for k, v in sorted(by_category.items())},
    }
    return {"report": report, "signature": sign(report, key)}


def main(argv):
    folder = argv[1] if len(argv) > 1 else os.getcwd()
    result = build_report(folder, os.environ["REPORT_SIGNING_KEY"])
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
