-- The shop database (data/shop.db).

-- Everything the shop sells. Only listed products are shown to customers; unlisted ones
-- are prototypes and next season's range. supplier_cost is what the shop pays (confidential).
CREATE TABLE products (
    sku           TEXT PRIMARY KEY,          -- e.g. 'TY-4821'
    name          TEXT NOT NULL,
    price         INTEGER NOT NULL,          -- in cents
    stock         INTEGER NOT NULL,
    added         TEXT NOT NULL,             -- date the product was added, ISO 8601
    listed        INTEGER NOT NULL DEFAULT 1,
    supplier_cost INTEGER NOT NULL           -- in cents
);

-- Staff accounts for the back office.
CREATE TABLE staff (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL
);

-- Sales, one table per year (the till exports a new one every January).
CREATE TABLE sales_2022 (sku TEXT NOT NULL, quantity INTEGER NOT NULL, sold_on TEXT NOT NULL);
CREATE TABLE sales_2023 (sku TEXT NOT NULL, quantity INTEGER NOT NULL, sold_on TEXT NOT NULL);
CREATE TABLE sales_2024 (sku TEXT NOT NULL, quantity INTEGER NOT NULL, sold_on TEXT NOT NULL);
CREATE TABLE sales_2025 (sku TEXT NOT NULL, quantity INTEGER NOT NULL, sold_on TEXT NOT NULL);
