"""The catalogue behind the shop's web pages: product list, search, basket and sales report.

Named parameters throughout; LIKE escapes with '!' as its escape character; the report
looks the year's table up in SQLite's own list of tables before it names it.
"""

import re
from contextlib import closing

from app.database import connect

COLUMNS = "sku, name, price, stock, added"
SORTABLE = ("name", "price", "stock", "added")
ORDER = {"asc": "ASC", "desc": "DESC"}


def list_products(sort="name", direction="asc"):
    """The product list, sorted the way the customer picked.

    An unknown column raises ValueError, an unknown direction KeyError (both are refusals).
    """
    if sort not in SORTABLE:
        raise ValueError(f"cannot sort by {sort!r}")
    order = ORDER[str(direction).lower()]
    # sort is now one of the four strings in SORTABLE, so only our own text reaches the SQL.
    sql = f"SELECT {COLUMNS} FROM products WHERE listed = 1 ORDER BY {sort} {order}, sku"
    with closing(connect()) as conn:
        return [dict(row) for row in conn.execute(sql)]


def search_products(text):
    """The search box: listed products whose name contains the text (ASCII letters in any case)."""
    pattern = "%" + re.sub(r"([!%_])", r"!\1", text) + "%"  # ! escapes itself and the wildcards
    with closing(connect()) as conn:
        rows = conn.execute(
            f"SELECT {COLUMNS} FROM products WHERE listed = 1 AND name LIKE :pattern ESCAPE '!' ORDER BY name, sku",
            {"pattern": pattern},
        )
        return [dict(row) for row in rows]


def products_by_sku(skus):
    """The basket page: the listed products with these SKUs, ordered by SKU."""
    params = {f"s{i}": sku for i, sku in enumerate(skus)}
    names = ", ".join(f":{name}" for name in params) or "NULL"  # IN (NULL) matches nothing
    with closing(connect()) as conn:
        rows = conn.execute(
            f"SELECT {COLUMNS} FROM products WHERE listed = 1 AND sku IN ({names}) ORDER BY sku", params
        )
        return [dict(row) for row in rows]


def sales_report(year):
    """Units sold per product in one year (2024 or "2024"); ValueError for other years."""
    if not re.fullmatch(r"[0-9]{4}", str(year)):
        raise ValueError(f"not a year: {year!r}")
    wanted = f"sales_{year}"
    with closing(connect()) as conn:
        found = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = :name",
                             {"name": wanted}).fetchone()
        if found is None:
            raise ValueError(f"no sales figures for {year}")
        table = found["name"]  # the name as SQLite itself lists it, digits only after sales_
        rows = conn.execute(f'SELECT sku, SUM(quantity) AS units FROM "{table}" GROUP BY sku ORDER BY sku')
        return [dict(row) for row in rows]
