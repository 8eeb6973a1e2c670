"""The catalogue behind the shop's web pages: product list, search, basket and sales report.

The web layer passes query-string values straight in: ?sort=price&direction=desc,
?q=..., ?sku=TY-4821&sku=LT-0310, ?year=2024.
"""

from contextlib import closing

from app.database import connect

COLUMNS = "sku, name, price, stock, added"


def list_products(sort="name", direction="asc"):
    """The product list, sorted the way the customer picked.

    sort is one of name, price, stock, added; direction is asc or desc. Products with the
    same value are listed by SKU. Returns a list of dicts with the COLUMNS above.
    """
    with closing(connect()) as conn:
        rows = conn.execute(
            f"SELECT {COLUMNS} FROM products WHERE listed = 1 ORDER BY {sort} {direction}, sku"
        ).fetchall()
    return [dict(row) for row in rows]


def search_products(text):
    """The search box: listed products whose name contains the text (ASCII letters in any case)."""
    with closing(connect()) as conn:
        rows = conn.execute(
            f"SELECT {COLUMNS} FROM products WHERE listed = 1 AND name LIKE '%{text}%' ORDER BY name, sku"
        ).fetchall()
    return [dict(row) for row in rows]


def products_by_sku(skus):
    """The basket page: the listed products with these SKUs, ordered by SKU."""
    wanted = ", ".join(f"'{sku}'" for sku in skus)
    with closing(connect()) as conn:
        rows = conn.execute(
            f"SELECT {COLUMNS} FROM products WHERE listed = 1 AND sku IN ({wanted}) ORDER BY sku"
        ).fetchall()
    return [dict(row) for row in rows]


def sales_report(year):
    """Units sold per product in one year (2024 or "2024"): [{"sku": ..., "units": ...}, ...]."""
    with closing(connect()) as conn:
        rows = conn.execute(
            f"SELECT sku, SUM(quantity) AS units FROM sales_{year} GROUP BY sku ORDER BY sku"
        ).fetchall()
    return [dict(row) for row in rows]
