"""Catalogue: every statement is a constant string; choices travel as parameters."""

import sqlite3
from contextlib import closing

from app.database import connect

COLUMNS = "sku, name, price, stock, added"
SORTABLE = frozenset({"name", "price", "stock", "added"})

LIST_SQL = f"""
SELECT {COLUMNS} FROM products WHERE listed = 1
ORDER BY
  CASE WHEN :dir = 'asc' THEN CASE :col WHEN 'name' THEN name WHEN 'price' THEN price
                                        WHEN 'stock' THEN stock WHEN 'added' THEN added END END ASC,
  CASE WHEN :dir = 'desc' THEN CASE :col WHEN 'name' THEN name WHEN 'price' THEN price
                                         WHEN 'stock' THEN stock WHEN 'added' THEN added END END DESC,
  sku
"""

REPORT_SQL = """
SELECT sku, SUM(quantity) AS units FROM (
  SELECT 2022 AS year, sku, quantity FROM sales_2022 UNION ALL
  SELECT 2023, sku, quantity FROM sales_2023 UNION ALL
  SELECT 2024, sku, quantity FROM sales_2024 UNION ALL
  SELECT 2025, sku, quantity FROM sales_2025
) WHERE year = :year GROUP BY sku ORDER BY sku
"""
YEARS = range(2022, 2026)


def list_products(sort="name", direction="asc"):
    if not isinstance(sort, str) or not isinstance(direction, str):
        raise ValueError("sort and direction are text")
    direction = direction.lower()
    if sort not in SORTABLE or direction not in ("asc", "desc"):
        raise ValueError(f"unknown sort {sort!r} {direction!r}")
    with closing(connect()) as conn:
        return [dict(r) for r in conn.execute(LIST_SQL, {"col": sort, "dir": direction})]


def search_products(text):
    pattern = "%" + "".join("^" + c if c in "%_^" else c for c in text) + "%"
    with closing(connect()) as conn:
        rows = conn.execute(
            f"SELECT {COLUMNS} FROM products WHERE listed = 1 AND name LIKE :p ESCAPE '^' ORDER BY name, sku",
            {"p": pattern})
        return [dict(r) for r in rows]


def products_by_sku(skus):
    with closing(connect()) as conn:
        conn.execute("CREATE TEMP TABLE basket (sku TEXT)")
        conn.executemany("INSERT INTO basket VALUES (?)", [(s,) for s in skus])
        rows = conn.execute(
            f"SELECT {COLUMNS} FROM products WHERE listed = 1 AND sku IN (SELECT sku FROM basket) ORDER BY sku")
        return [dict(r) for r in rows]


def sales_report(year):
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValueError(f"not a year: {year!r}") from None
    if year not in YEARS:
        raise ValueError(f"no sales figures for {year}")
    with closing(connect()) as conn:
        return [dict(r) for r in conn.execute(REPORT_SQL, {"year": year})]
