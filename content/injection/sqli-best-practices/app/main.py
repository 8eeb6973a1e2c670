"""Try the catalogue by hand on a demo database.

    python -m app.main list price desc          # the product list, sorted
    python -m app.main search "50%"             # the search box
    python -m app.main basket TY-1001 LT-2002   # the basket page
    python -m app.main report 2024              # the sales report

On first use it creates a small demo database in data/shop.db. `pysec check` never uses
this file: each check builds its own database with new products, prices and sales.
"""

import sys
from contextlib import closing

from app import catalogue
from app.database import DATA_DIR, DB_PATH, connect, create_schema

DEMO_PRODUCTS = [
    # sku, name, price (cents), stock, added, listed, supplier_cost
    ("TY-1001", "Kestrel road tyre 700x28", 3499, 8, "2024-03-02", 1, 1900),
    ("LT-2002", "Wren front light, 500 lumen", 4999, 3, "2025-01-20", 1, 2600),
    ("BT-3003", "Heron 50% recycled bar tape", 1999, 12, "2023-09-14", 1, 800),
    ("BT-3004", "Heron bar tape, 5 colours", 1999, 0, "2024-11-05", 1, 900),
    ("FB-4005", "Tern frame bag AB_12", 2999, 4, "2025-02-11", 1, 1500),
    ("FR-9009", "Prototype gravel frame (unreleased)", 89999, 1, "2025-06-01", 0, 41000),
]


def create_demo_database():
    DATA_DIR.mkdir(exist_ok=True)
    with closing(connect()) as conn:
        create_schema(conn)
        conn.executemany("INSERT INTO products VALUES (?, ?, ?, ?, ?, ?, ?)", DEMO_PRODUCTS)
        conn.execute("INSERT INTO staff (username, password_hash) VALUES ('owner', 'demo-hash-not-the-real-one')")
        conn.executemany("INSERT INTO sales_2024 VALUES (?, ?, ?)",
                         [("TY-1001", 2, "2024-04-01"), ("BT-3003", 1, "2024-05-12"), ("TY-1001", 1, "2024-07-30")])
        conn.commit()
    print("Created a demo database in data/shop.db.\n")


def main(argv):
    commands = {
        "list": lambda args: catalogue.list_products(*args),
        "search": lambda args: catalogue.search_products(" ".join(args)),
        "basket": lambda args: catalogue.products_by_sku(args),
        "report": lambda args: catalogue.sales_report(*args),
    }
    if not argv or argv[0] not in commands:
        print(__doc__.strip())
        return 2
    if not DB_PATH.exists():
        create_demo_database()
    for row in commands[argv[0]](argv[1:]):
        print(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
