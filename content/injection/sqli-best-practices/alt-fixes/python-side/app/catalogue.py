"""The catalogue behind the shop's web pages: product list, search, basket and sales report.

This version keeps every SQL statement a constant: sorting happens in Python, the search
uses instr() instead of LIKE (so there are no wildcards to escape), the basket sends its
SKUs as one JSON array parameter, and each year's report is a statement written out here.
"""

import json
from contextlib import closing
from operator import itemgetter

from app.database import connect

LISTED = "SELECT sku, name, price, stock, added FROM products WHERE listed = 1"
SEARCH = LISTED + " AND instr(lower(name), lower(?)) > 0 ORDER BY name, sku"
BASKET = LISTED + " AND sku IN (SELECT value FROM json_each(?)) ORDER BY sku"
REPORTS = {
    year: f"SELECT sku, SUM(quantity) AS units FROM sales_{year} GROUP BY sku ORDER BY sku"
    for year in (2022, 2023, 2024, 2025)  # written by us, one per table in app/schema.sql
}
SORT_KEYS = {column: itemgetter(column) for column in ("name", "price", "stock", "added")}


def _rows(sql, params=()):
    with closing(connect()) as conn:
        return [dict(row) for row in conn.execute(sql, params)]


def list_products(sort="name", direction="asc"):
    """The product list, sorted the way the customer picked (ValueError for anything else)."""
    if sort not in SORT_KEYS or not isinstance(direction, str) or direction.lower() not in ("asc", "desc"):
        raise ValueError(f"cannot sort by {sort!r} {direction!r}")
    by_sku = sorted(_rows(LISTED), key=itemgetter("sku"))
    # sorted() is stable, also with reverse=True: equal values keep their SKU order.
    return sorted(by_sku, key=SORT_KEYS[sort], reverse=direction.lower() == "desc")


def search_products(text):
    """The search box: listed products whose name contains the text (ASCII letters in any case)."""
    return _rows(SEARCH, (text,))


def products_by_sku(skus):
    """The basket page: the listed products with these SKUs, ordered by SKU."""
    return _rows(BASKET, (json.dumps([str(sku) for sku in skus]),))


def sales_report(year):
    """Units sold per product in one year (2024 or "2024"); ValueError for other years."""
    if isinstance(year, str) and year.isdecimal():
        year = int(year)
    sql = REPORTS.get(year) if type(year) is int else None
    if sql is None:
        raise ValueError(f"no sales figures for {year!r}")
    return _rows(sql)
