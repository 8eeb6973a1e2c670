"""Fix step: honest members still get in, attackers don't, and input stays out of the SQL.

Outcomes decide first: each attack must fail to log anyone in. The last check looks at the
SQL text login() handed to sqlite3 (recorded inside the target, template and parameters
apart): a username that reaches the text was pasted in, however carefully it was escaped.
"""

import clubdb
from pysec_judge import TargetRaised, attack, fail, functional, setup

LOGIN = "app.accounts:login"


@setup
def seed(run):
    club, data = clubdb.build(run)
    run.data["club"] = club
    run.target.write_file("data/club.db", data)


def _who(member):
    return f"{member['display_name']} (username {member['username']!r})"


def _login(run, username, password, shown=None):
    """Calls login(); an exception becomes a failed check that says which input caused it.

    `shown` replaces the call in the message, so a hidden payload stays hidden.
    """
    try:
        return run.target.call(LOGIN, username, password).value
    except TargetRaised as err:
        run.details["traceback"] = err.traceback
        message = f"{shown or f'login({username!r}, {password!r})'} raised {err.type_name}: {err.message}."
        if err.type_name == "OperationalError":
            message += " SQLite could not make sense of the query: part of the input was read as SQL."
        fail(message + " Whatever the username and password, login() should return a profile or None.")


def _expect_profile(run, member):
    value = _login(run, member["username"], member["password"])
    if value is None:
        fail(f"{_who(member)} could not log in with the correct password.")
    if not isinstance(value, dict):
        fail(f"login() should return the member's profile as a dict, as before; it returned {value!r}.")
    for key in ("username", "display_name", "role"):
        if value.get(key) != member[key]:
            fail(f"{_who(member)} logged in, but the profile login() returned is wrong: "
                 f"{key} is {value.get(key)!r}, expected {member[key]!r}.")


def _expect_refused(run, username, password, why):
    value = _login(run, username, password)
    if value is not None:
        fail(f"{why} login() returned {value!r}.")


def _wrong_password(run, member):
    return member["password"] + run.rand.choice(("x", "1", "!", " "))


# ---------------------------------------------------------------- honest use


@functional("honest-login", "Members log in with their own password")
def honest_login(run):
    club = run.data["club"]
    for key in ("member", "coach", "admin"):
        _expect_profile(run, club[key])


@functional("wrong-password", "A wrong password is refused")
def wrong_password(run):
    club = run.data["club"]
    member, admin = club["member"], club["admin"]
    for password in (_wrong_password(run, member), "", member["password"].upper(), admin["password"]):
        _expect_refused(run, member["username"], password,
                        f"{_who(member)} got in with the password {password!r}, which is not theirs.")
    _expect_refused(run, admin["username"], run.token(),
                    "The administrator's account opened with a random wrong password.")


@functional("unknown-user", "An unknown username is refused without an error")
def unknown_user(run):
    for username in (f"{run.name().lower()}.{run.word()}{run.rand.randint(100, 999)}", "", "'", '"',
                     run.text(3000)):
        _expect_refused(run, username, run.token(),
                        f"Nobody is called {username[:60]!r}, yet someone was logged in.")


@functional("apostrophe-names", "Members with an apostrophe in their name can log in")
def apostrophe_names(run):
    member = run.data["club"]["apostrophe"]
    _expect_profile(run, member)
    _expect_refused(run, member["username"], _wrong_password(run, member),
                    f"{_who(member)} got in with a wrong password.")


@functional("unicode-names", "Members with non-ASCII names can log in")
def unicode_names(run):
    member = run.data["club"]["unicode"]
    _expect_profile(run, member)


@functional("quotes-in-password", "Passwords may contain quotes, dashes and SQL words")
def quotes_in_password(run):
    member = run.data["club"]["tricky"]
    _expect_profile(run, member)
    _expect_refused(run, member["username"], _wrong_password(run, member),
                    f"{_who(member)} got in with a wrong password.")


# ---------------------------------------------------------------- attacks


def _case(run, word):
    """SQL keywords in random letter case: matching 'OR' or 'UNION' literally is not a defence."""
    return "".join(c.upper() if run.rand.random() < 0.5 else c.lower() for c in word)


def _must_not_log_in(run, username, message):
    run.payload = username
    value = _login(run, username, run.token(), shown="login(<attacker's username>, <any password>)")
    if value is not None:
        secret = run.data["club"]["secret"]
        if secret in repr(value):
            message += " The payment API key came back with it."
        fail(message, returned=repr(value)[:500])


@attack("comment-bypass", "Ending the username with a comment does not skip the password")
def comment_bypass(run):
    admin = run.data["club"]["admin"]["username"]
    _must_not_log_in(run, f"{admin}'--",
                     "An attacker logged in as the administrator by typing their username followed by '-- "
                     "(a quote, then a comment that hides the password test).")


@attack("always-true", "A condition that is always true does not log anyone in")
def always_true(run):
    _must_not_log_in(run, "' OR '1'='1' --",
                     "An attacker logged in with the username ' OR '1'='1' -- and no password.")


@attack("comment-variants", "Other ways to cut off the password test", hidden=True)
def comment_variants(run):
    admin = run.data["club"]["admin"]["username"]
    n = run.rand.randint(1, 9)
    forms = [f"{admin}'/*", f"{admin}' -- {run.word()}", f"{admin}';--", f"{admin}'\t--",
             f"{admin}' {_case(run, 'and')} {n}={n}/*", f"{admin}' {_case(run, 'or')} 0 --"]
    for username in run.rand.sample(forms, 3):
        _must_not_log_in(run, username,
                         "A variant of the comment trick (another comment style or extra SQL after the quote) "
                         "still logs in as the administrator. Blocking the shown payload is not enough.")


@attack("role-bypass", "Picking the administrator by role instead of by name", hidden=True)
def role_bypass(run):
    junk = run.word()
    username = f"{junk}' {_case(run, 'or')} role = 'admin' {run.rand.choice(('--', '/*', '-- x'))}"
    _must_not_log_in(run, username,
                     "An attacker who doesn't know any username logged in as the administrator by adding "
                     "a condition on the role column.")


@attack("union-login", "A forged row from UNION SELECT is not accepted", hidden=True)
def union_login(run):
    union, select = _case(run, "union"), _case(run, "select")
    username = (f"{run.word()}' {union} {select} id, username, display_name, role FROM members "
                f"WHERE role = 'admin' --")
    _must_not_log_in(run, username,
                     "An attacker added a row of their own choosing to the query result with UNION SELECT "
                     "and was logged in as the administrator.")


@attack("union-extract", "The login screen cannot be made to show the payment key", hidden=True)
def union_extract(run):
    union, select = _case(run, "union"), _case(run, "select")
    username = (f"' {union} {select} 0, '{run.word()}', value, 'member' FROM settings "
                f"WHERE key = 'payments_api_key' --")
    _must_not_log_in(run, username,
                     "An attacker used UNION SELECT to make the login screen display data from another table.")


@attack("uses-parameters", "Usernames never become part of the SQL text")
def uses_parameters(run):
    club = run.data["club"]
    probe = club["probe"]
    stranger = f"{run.name().lower()}{run.text(10, 'abcdefghjkmnpqrstuvwxyz23456789')}"
    run.payload = f"login({probe['username']!r}, <correct password>) and login({stranger!r}, <any>)"
    run.target.evidence()  # forget everything recorded so far
    _expect_profile(run, probe)
    _login(run, stranger, run.token())
    # Only statements sent through sqlite3's execute() are recorded with their text and
    # parameters apart. Code that reaches SQLite some other way records nothing here; the
    # attack checks above still decide on what actually happened.
    statements = run.target.sql()
    for sql, params in statements:
        for marker in (probe["username"], stranger):
            if marker in sql:
                fail("The username reached the SQL text of your query:\n"
                     f"    {sql.strip()[:400]}\n"
                     "Escaping, filtering or checking the input first cannot make that safe in every case. "
                     "Keep the SQL text fixed and pass the values separately, with ? placeholders: "
                     "conn.execute(\"... WHERE username = ? AND password_hash = ?\", (username, digest)).",
                     evidence=[{"sql": sql[:1000], "params": params}])
