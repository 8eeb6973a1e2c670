"""Shared by both judges: the per-run database, running the exploit once, and the two checks.

Everything an exploit could copy from an earlier run is new every run: the door code, the
members, their addresses. The target is the untouched app, so what it recorded (the SQL
statements it sent to sqlite3) is trustworthy evidence of what the exploit made it do.
"""

import re
import sqlite3

from pysec_judge import fail

SCHEMA = """
CREATE TABLE members (
    id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, joined TEXT NOT NULL
);
CREATE TABLE password_resets (
    id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES members(id),
    token TEXT NOT NULL UNIQUE, expires_at TEXT NOT NULL
);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE tools (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
"""

SURNAMES = ("Byrne", "Osei", "Marsh", "Lindqvist", "Haddad", "Kowalski", "Tanaka", "Silva", "Novak",
            "Achebe", "Varga", "Kaur", "Mensah", "Bianchi", "O'Hara", "Núñez")
DOMAINS = ("example.org", "example.net", "mail.example.com", "post.example.ie")
TOOLS = ("laser cutter", "lathe", "bandsaw", "3D printer", "CNC router", "soldering station")
CODE_RE = re.compile(r"(?<!\d)\d{6}(?!\d)")
MAX_CODES = 9  # printing more than this many different codes is guessing, not finding


def build(run):
    """Returns (space, db_bytes)."""
    code = run.text(6, "0123456789")
    # "ada" is in every database, as in the demo one, so the stub's first question says "taken".
    members = [(1, "ada", "Ada Byrne", f"ada@{run.rand.choice(DOMAINS)}", run.token(32), "2019-04-02")]
    taken = {"ada"}
    for i in range(2, run.rand.randint(8, 12) + 1):
        first, last = run.name(), run.rand.choice(SURNAMES)
        username = f"{first}.{last}".lower().replace("'", "")
        while username in taken:
            username += str(run.rand.randint(0, 9))
        taken.add(username)
        members.append((i, username, f"{first} {last}", f"{username}@{run.rand.choice(DOMAINS)}",
                        run.token(32), f"20{run.rand.randint(18, 25)}-0{run.rand.randint(1, 9)}-1{run.rand.randint(0, 9)}"))
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    conn.executemany("INSERT INTO members VALUES (?, ?, ?, ?, ?, ?)", members)
    conn.executemany("INSERT INTO settings VALUES (?, ?)", [
        ("space_name", "Ironbridge Makerspace"),
        ("door_code", code),
        ("door_code_changed", f"2025-{run.rand.randint(1, 12):02d}-01"),
        ("wifi_name", f"ironbridge-{run.word()}"),
    ])
    conn.executemany("INSERT INTO tools (name) VALUES (?)", [(t,) for t in TOOLS])
    conn.commit()
    data = conn.serialize()
    conn.close()
    return {"code": code}, data


def seed(run):
    space, data = build(run)
    run.data["space"] = space
    run.data["db"] = data
    run.target.write_file("data/space.db", data)


def exploit(run):
    """Runs the learner's exploit once; both checks look at the same run."""
    if "result" not in run.data:
        run.data["result"] = run.exploit.run(timeout=90)
    return run.data["result"]


def show(run, result):
    """Puts what the exploit printed into the verdict (once), for the learner to read."""
    if not run.data.get("output_shown"):
        run.data["output_shown"] = True
        run.details["output"] = result.output[-3000:] or "(your exploit printed nothing)"


def problem_running(result):
    if result.timed_out:
        return "Your exploit did not finish in time and was stopped (90 s): ask fewer or faster questions."
    if result.exit_code not in (0, None):
        return "Your exploit stopped with an error (its traceback is in the output below)."
    return None


def found_code(run):
    result = exploit(run)
    code = run.data["space"]["code"]
    codes = set(CODE_RE.findall(result.output))
    return code in codes and len(codes) <= MAX_CODES


def _reads_settings(sql):
    """Does this statement read the settings table? Asked of SQLite itself: the statement is
    compiled (EXPLAIN, so nothing runs) against an empty copy of the schema, and the
    authorizer reports every table it reads. A quote left open or a comment in the wrong
    place turns 'settings' into plain text, and then it reads nothing."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    tables = set()

    def authorizer(action, arg1, arg2, db_name, source):
        if action == sqlite3.SQLITE_READ and arg1:
            tables.add(arg1.lower())
        return sqlite3.SQLITE_OK

    conn.set_authorizer(authorizer)
    try:
        conn.execute("EXPLAIN " + sql)
    except (sqlite3.Error, ValueError):
        return False
    finally:
        conn.close()
    return "settings" in tables


def check_reads_code(run, form):
    result = exploit(run)
    if found_code(run):
        return
    statements = [sql for sql, _ in run.target.sql()]
    if any(_reads_settings(sql) for sql in dict.fromkeys(statements)):
        return
    show(run, result)
    problem = problem_running(result)
    if not statements:
        fail(f"Your exploit never used the {form}. " + (problem or "Call it from exploit.py."))
    fail(f"Your exploit used the {form} ({result.requests} requests), but none of the queries it caused "
         "read the settings table, where the door code is kept. Check where your quote ends the "
         "string: text that stays inside the quotes, or behind a --, is only text to SQLite."
         + (f" {problem}" if problem else ""))


def _copy(data, code=None):
    conn = sqlite3.connect(":memory:")
    conn.deserialize(data)
    if code is not None:
        conn.execute("UPDATE settings SET value = ? WHERE key = 'door_code'", (code,))
    steps = [0]

    def stop():  # a runaway statement is cut short, not waited for
        steps[0] += 1
        return steps[0] > 2000

    conn.set_progress_handler(stop, 1000)
    return conn


def _error_text(conn, sql):
    try:
        conn.execute(sql).fetchall()
    except (sqlite3.Error, ValueError, OverflowError) as err:
        return str(err)
    return None


def error_channel(run):
    """Did the door code come out of SQLite's error messages rather than taken/free answers?
    Each statement the exploit caused that reads the settings table is run again on two
    copies of this run's database, one with a different door code: when both fail with
    different messages, the message itself carried the code."""
    data = run.data["db"]
    code = run.data["space"]["code"]
    other = "".join(str((int(d) + 5) % 10) for d in code)
    statements = [sql for sql in dict.fromkeys(sql for sql, _ in run.target.sql(clear=False))][:400]
    real, changed = _copy(data), _copy(data, other)
    try:
        for sql in statements:
            if not _reads_settings(sql):
                continue
            a, b = _error_text(real, sql), _error_text(changed, sql)
            if a is not None and b is not None and a != b and "interrupted" not in (a + b):
                return True
    finally:
        real.close()
        changed.close()
    return False


def check_door_code(run, yes_no=False):
    result = exploit(run)
    code = run.data["space"]["code"]
    codes = set(CODE_RE.findall(result.output))
    if code in codes and len(codes) <= MAX_CODES:
        if yes_no and error_channel(run):
            show(run, result)
            fail("Your exploit found the code, but it read it from SQLite's error messages (an error that "
                 "quotes the value it choked on), not from the taken/free answer. That is a real technique "
                 "too (error-based injection), but it needs a site that shows its errors; this step is about "
                 "a form that only says yes or no, and the next one shows no errors at all. Ask yes/no "
                 "questions about one digit at a time and let \"taken\" or \"free\" answer them.")
        return
    show(run, result)
    problem = problem_running(result)
    if len(codes) > MAX_CODES:
        fail(f"Your exploit printed {len(codes)} different six-digit codes. Printing guesses is not "
             "finding the code: print the one code your exploit worked out.")
    if codes:
        shown = ", ".join(sorted(codes)[:3])
        fail(f"Your exploit printed {shown}, but not this run's door code. Every check makes a "
             "new database with a new code, so the script has to work it out each time. If it was "
             "close, check how you number the positions (substr() counts from 1) and how you compare "
             "digits." + (f" {problem}" if problem else ""))
    fail("Your exploit's output does not contain a six-digit door code. Print the code it worked out."
         + (f" {problem}" if problem else ""))
