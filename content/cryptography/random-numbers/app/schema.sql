-- The box office database (data/boxoffice.db).

-- Customers and staff. Staff accounts (role 'staff') see the venue's settings.
CREATE TABLE customers (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'customer',  -- 'customer' or 'staff'
    password_hash TEXT NOT NULL                      -- see boxoffice.hash_password()
);

CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    title     TEXT NOT NULL,
    starts_at TEXT NOT NULL
);

-- One row per ticket. The code is what the QR code on the ticket holds.
CREATE TABLE tickets (
    code          TEXT PRIMARY KEY,
    event_id      INTEGER NOT NULL REFERENCES events(id),
    email         TEXT NOT NULL,
    checked_in_at TEXT
);

CREATE TABLE password_resets (
    token       TEXT PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    expires_at  TEXT NOT NULL,   -- UTC, ISO 8601
    used        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    created_at  TEXT NOT NULL
);

-- Mail waiting for the mail relay to pick it up.
CREATE TABLE outbox (
    id        INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject   TEXT NOT NULL,
    body      TEXT NOT NULL
);

-- Venue settings, shown to staff only (the card terminal's secret lives here).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
