-- The makerspace database (data/space.db).

-- Everyone with an account on the members' site.
CREATE TABLE members (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    joined        TEXT NOT NULL              -- date, ISO 8601
);

-- One-time links from the "forgot your password?" form.
CREATE TABLE password_resets (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    token      TEXT NOT NULL UNIQUE,
    expires_at TEXT NOT NULL                 -- UTC, ISO 8601
);

-- Site-wide settings, edited by the trustees.
-- The keypad code of the workshop door is kept here (key 'door_code', six digits, changed
-- every month); members see it on their dashboard after they log in.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Tools that need an induction before use.
CREATE TABLE tools (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
