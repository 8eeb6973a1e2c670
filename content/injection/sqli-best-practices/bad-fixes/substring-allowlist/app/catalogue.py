"""The catalogue behind the shop's web pages: product list, search, basket and sales report.

The web layer passes query-string values straight in: ?sort=price&direction=desc,
?q=..., ?sku=TY-4821&sku=LT-0310, ?year=2024.

Values (search text, SKUs) travel as ? parameters. Names and keywords (sort column, ASC or
DESC, the year's table) cannot be parameters, so the SQL text for them is picked from
allowlists written here; the customer's string only chooses an entry and never becomes SQL.
"""

from contextlib import closing

from app.database import connect

COLUMNS = "sku, name, price, stock, added"

# What a customer may sort by, and the SQL written for each choice.
SORT_COLUMNS = {"name": "name", "price": "price", "stock": "stock", "added": "added"}
DIRECTIONS = {"asc": "ASC", "desc": "DESC"}
# One table per year (app/schema.sql). Add a line when the till exports a new year.
SALES_TABLES = {2022: "sales_2022", 2023: "sales_2023", 2024: "sales_2024", 2025: "sales_2025"}


def list_products(sort="name", direction="asc"):
    """The product list, sorted the way the customer picked.

    sort is one of name, price, stock, added; direction is asc or desc (any letter case).
    Products with the same value are listed by SKU. Anything else raises ValueError.
    """
    column, order = sort, direction
    if sort not in COLUMNS or direction.lower() not in ("asc", "desc"):
        raise ValueError(f"cannot sort by {sort!r} {direction!r}")
    with closing(connect()) as conn:
        rows = conn.execute(
            f"SELECT {COLUMNS} FROM products WHERE listed = 1 ORDER BY {column} {order}, sku"
        ).fetchall()
    return [dict(row) for row in rows]


def _like_literal(text):
    """Make every character of text match only itself in a LIKE pattern with ESCAPE '\\'.

    The escape character goes first, or the backslashes added for % and _ would be doubled.
    """
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_products(text):
    """The search box: listed products whose name contains the text (ASCII letters in any case)."""
    with closing(connect()) as conn:
        rows = conn.execute(
            f"SELECT {COLUMNS} FROM products WHERE listed = 1 AND name LIKE ? ESCAPE '\\' ORDER BY name, sku",
            (f"%{_like_literal(text)}%",),
        ).fetchall()
    return [dict(row) for row in rows]


def products_by_sku(skus):
    """The basket page: the listed products with these SKUs, ordered by SKU."""
    skus = list(skus)
    if not skus:
        return []
    marks = ", ".join("?" * len(skus))  # one placeholder per SKU: "?, ?, ?"
    with closing(connect()) as conn:
        rows = conn.execute(
            f"SELECT {COLUMNS} FROM products WHERE listed = 1 AND sku IN ({marks}) ORDER BY sku", skus
        ).fetchall()
    return [dict(row) for row in rows]


def sales_report(year):
    """Units sold per product in one year (2024 or "2024"): [{"sku": ..., "units": ...}, ...].

    Raises ValueError for a year the shop has no sales table for.
    """
    try:
        table = SALES_TABLES[int(year)]
    except (KeyError, TypeError, ValueError):
        raise ValueError(f"no sales figures for {year!r}") from None
    with closing(connect()) as conn:
        rows = conn.execute(f"SELECT sku, SUM(quantity) AS units FROM {table} GROUP BY sku ORDER BY sku").fetchall()
    return [dict(row) for row in rows]
