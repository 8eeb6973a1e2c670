-- The club database (data/club.db).

-- Everyone who can log in on the clubhouse PC.
CREATE TABLE members (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'member',  -- 'member', 'coach' or 'admin'
    password_hash TEXT NOT NULL,                   -- see accounts.hash_password()
    last_login    TEXT                             -- UTC, ISO 8601; NULL if never
);

-- Club-wide configuration, edited by the administrator.
-- The card-payment provider's API key lives here (key 'payments_api_key').
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE boats (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    seats INTEGER NOT NULL
);

CREATE TABLE bookings (
    id        INTEGER PRIMARY KEY,
    boat_id   INTEGER NOT NULL REFERENCES boats(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    starts_at TEXT NOT NULL
);
