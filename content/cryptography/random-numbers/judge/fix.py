"""Fix step: every code still works, and none of them can be predicted.

Outcomes decide first. The judge plays the attacker from step 1 with its own Mersenne
Twister recovery (reading codes as hex, bytes, base64 or decimal): it buys 700 tickets,
tries to rebuild the generator and then to predict a reset token, other people's tickets
and a session ID, and uses each prediction against the app. Then it estimates the entropy
of each kind of code from what comes out (a CSPRNG code needs 128 bits), and finally reads
app/tokens.py to name the source of the randomness.
"""

import math
import re
import string

import boxdb
import codecheck
import mtcrack
from pysec_judge import TargetRaised, attack, fail, functional, setup

BO = "app.boxoffice:"
HARVEST = 700
SAMPLES = 48
URL_SAFE = re.compile(r"[A-Za-z0-9._~-]+")
ALPHABETS = [  # (name, characters, bits per character), narrowest first
    ("decimal digits", set(string.digits), math.log2(10)),
    ("hex digits", set(string.digits + "abcdef"), 4.0),
    ("hex digits", set(string.digits + "ABCDEF"), 4.0),
    ("base32", set(string.ascii_uppercase + "234567="), 5.0),
    ("base32", set(string.ascii_lowercase + "234567="), 5.0),
    ("letters and digits", set(string.ascii_letters + string.digits), math.log2(62)),
    ("URL-safe base64", set(string.ascii_letters + string.digits + "-_="), 6.0),
    ("base64", set(string.ascii_letters + string.digits + "+/="), 6.0),
    ("printable characters", set(string.printable) - set(string.whitespace), math.log2(94)),
]


@setup
def seed(run):
    schema = run.target.read_file("app/schema.sql").decode("utf-8")
    info, data = boxdb.build(run, schema)
    run.data["info"] = info
    run.target.write_file("data/boxoffice.db", data)


def bo(run, name, *args, shown=None):
    try:
        return run.target.call(BO + name, *args).value
    except TargetRaised as err:
        run.details["traceback"] = err.traceback
        fail(f"{shown or name + '()'} raised {err.type_name}: {err.message}. It worked before your change; "
             "app/tokens.py should only change how the codes are made, not what they are for.")


def _outbox_token(run, email):
    """The token in the newest reset e-mail to `email` (read from the app's database)."""
    with boxdb.open_copy(run.target.read_file("data/boxoffice.db")) as conn:
        row = conn.execute("SELECT body FROM outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1",
                           (email,)).fetchone()
    if row is None:
        fail(f"request_password_reset({email!r}) sent no e-mail.")
    found = re.search(r"\?token=(\S+)", row["body"])
    if not found:
        fail("The reset e-mail has no link with a token in it.")
    return found.group(1)


def _token_type(run, kind, value):
    if not isinstance(value, str) or not value:
        fail(f"A {kind} must be a non-empty str (it goes into a link or a QR code); yours is {value!r}.")
    if not URL_SAFE.fullmatch(value):
        fail(f"The {kind} {value!r} has characters that need escaping in a link (only letters, digits and "
             "- _ . ~ travel unchanged). secrets.token_urlsafe() and secrets.token_hex() produce safe codes.")


def _customer(run, i):
    return run.data["info"]["customers"][i]


# ---------------------------------------------------------------- honest use


@functional("tickets-work", "Tickets sell, and each one gets in at the door exactly once")
def tickets_work(run):
    buyer = _customer(run, 0)
    event = run.rand.choice(run.data["info"]["events"])
    order = bo(run, "buy_tickets", buyer["email"], event, 3)
    codes = order.get("tickets") if isinstance(order, dict) else None
    if not isinstance(codes, list) or len(codes) != 3:
        fail(f"buy_tickets(..., 3) should return the three ticket codes; it returned {order!r}.")
    for code in codes:
        _token_type(run, "ticket code", code)
    if len(set(codes)) != 3:
        fail(f"One order of three tickets has duplicate codes: {codes}.")
    for code in codes:
        entry = bo(run, "check_in", code)
        if not entry or entry.get("email") != buyer["email"]:
            fail(f"The door scanner turned away {buyer['name']}'s valid ticket {code!r}.")
    if bo(run, "check_in", codes[0]) is not None:
        fail("The same ticket got in twice.")
    if bo(run, "check_in", run.token(16)) is not None:
        fail("The door scanner let in a code that was never sold.")


@functional("password-reset", "A reset link from the e-mail sets a new password, once")
def password_reset(run):
    person = _customer(run, 1)
    bo(run, "request_password_reset", person["email"])
    token = _outbox_token(run, person["email"])
    _token_type(run, "reset token", token)
    new = f"{run.word()} Öl {run.rand.randint(100, 999)}"
    if bo(run, "reset_password", person["email"], run.token(16), new):
        fail("reset_password() accepted a token that was never sent.")
    if not bo(run, "reset_password", person["email"], token, new):
        fail(f"{person['name']} could not set a new password with the token from their reset e-mail.")
    if bo(run, "reset_password", person["email"], token, new + "x"):
        fail("A reset token worked twice.")
    if not bo(run, "login", person["email"], new):
        fail(f"{person['name']} could not log in with the new password after a reset.")
    person["password"] = new


@functional("sessions", "Logging in gives a session that opens the customer's own account")
def sessions(run):
    person = _customer(run, 2)
    first = bo(run, "login", person["email"], person["password"])
    second = bo(run, "login", person["email"], person["password"])
    for session in (first, second):
        _token_type(run, "session ID", session)
    if first == second:
        fail("Two logins got the same session ID.")
    page = bo(run, "account", second)
    if not page or page.get("email") != person["email"]:
        fail(f"{person['name']}'s session did not open their account page: account() returned {page!r}.")
    if bo(run, "login", person["email"], person["password"] + "!") is not None:
        fail("login() accepted a wrong password.")
    if bo(run, "account", run.token(16)) is not None:
        fail("account() opened a page for a session ID that was never issued.")


@functional("group-booking", "A group can book 700 tickets in one order, all different")
def group_booking(run):
    event = run.data["info"]["events"][0]
    order = bo(run, "buy_tickets", "groups@school.example", event, HARVEST, shown=f"buy_tickets(..., {HARVEST})")
    codes = order.get("tickets") if isinstance(order, dict) else None
    if not isinstance(codes, list) or len(codes) != HARVEST:
        fail(f"An order of {HARVEST} tickets (orders of up to 1000 are allowed) did not return {HARVEST} codes.")
    if len(set(codes)) != HARVEST:
        fail(f"An order of {HARVEST} tickets contains duplicate codes.")
    for code in codes:
        _token_type(run, "ticket code", code)
    run.data["harvest"] = codes


# ---------------------------------------------------------------- attacks


def _predictor(run):
    """The judge's attack from step 1: rebuild the generator from 700 consecutive ticket codes."""
    if "predictor" not in run.data:
        codes = run.data.get("harvest")
        if codes is None:
            codes = bo(run, "buy_tickets", "groups@school.example", run.data["info"]["events"][0], HARVEST)["tickets"]
            run.data["harvest"] = codes
        rng = mtcrack.clone_from(codes)
        run.data["predictor"] = mtcrack.Predictor(rng) if rng else None
    return run.data["predictor"]


@attack("predict-reset-token", "Ticket codes do not reveal the next reset token")
def predict_reset_token(run):
    predictor = _predictor(run)
    victim = _customer(run, 3)
    bo(run, "request_password_reset", victim["email"])
    if predictor is None:
        return
    token = _outbox_token(run, victim["email"])
    run.payload = "700 ticket codes from one order"
    if predictor.predicts(token):
        taken = bo(run, "reset_password", victim["email"], token, "attacker-" + run.token(4))
        fail("An attacker bought 700 tickets, rebuilt your random generator from their codes (step 1) and "
             f"computed the reset token e-mailed to {victim['name']}" +
             (", then set a new password on their account." if taken else ".") +
             " Ticket codes still come from a Mersenne Twister (random or numpy): use the secrets module.")


@attack("predict-tickets", "Ticket codes do not reveal other people's tickets", hidden=True)
def predict_tickets(run):
    predictor = _predictor(run)
    buyer = _customer(run, 0)
    codes = bo(run, "buy_tickets", buyer["email"], run.data["info"]["events"][1], 2)["tickets"]
    if predictor is None:
        return
    run.payload = "700 ticket codes from one order"
    if any(predictor.predicts(code) for code in codes):
        fail(f"After buying 700 tickets, an attacker computed the codes of the next tickets {buyer['name']} "
             "bought and could walk in on them. Every ticket code must come from a CSPRNG (secrets).")


@attack("predict-sessions", "Ticket codes do not reveal other people's session IDs", hidden=True)
def predict_sessions(run):
    predictor = _predictor(run)
    person = _customer(run, 2)
    session = bo(run, "login", person["email"], person["password"])
    if predictor is None:
        return
    run.payload = "700 ticket codes from one order"
    if predictor.predicts(session):
        page = bo(run, "account", session)
        who = page.get("name") if isinstance(page, dict) else "a customer"
        fail(f"After buying 700 tickets, an attacker computed the session ID issued at {who}'s next login and "
             "opened their account with it. Session IDs must come from a CSPRNG (secrets).")


def _entropy(samples):
    """(bits, alphabet name): bits per position, added up over the shortest sample's length.

    A position that takes only a few values across the samples (a UUID's version digit, a
    fixed prefix, a clock's slow digits) is counted by what it really takes, not by its alphabet.
    """
    chars = set("".join(samples))
    name, bits_per = next(((n, b) for n, alphabet, b in ALPHABETS if chars <= alphabet),
                          ("arbitrary characters", 8.0))
    length = min(len(s) for s in samples)
    total = 0.0
    for i in range(length):
        distinct = len({s[i] for s in samples})
        total += math.log2(distinct) if distinct <= 4 else bits_per
    return total, name


@attack("token-entropy", "Every kind of code carries at least 128 random bits")
def token_entropy(run):
    harvest = run.data.get("harvest") or _predictor(run) and run.data["harvest"]
    kinds = {"ticket code": harvest[:SAMPLES * 4]}
    for kind, fn in (("reset token", "app.tokens:reset_token"), ("session ID", "app.tokens:session_id")):
        kinds[kind] = [run.target.call(fn).value for _ in range(SAMPLES)]
    for kind, samples in kinds.items():
        for s in samples:
            _token_type(run, kind, s)
        if len(set(samples)) != len(samples):
            fail(f"Among {len(samples)} {kind}s made one after another, some are equal: they can't be random "
                 "enough to be secret (is the generator reseeded from the clock?).")
        bits, alphabet = _entropy(samples)
        if bits < 128:
            example = samples[0]
            fail(f"A {kind} such as {example!r} has {len(example)} characters of {alphabet}: at most "
                 f"{bits:.0f} random bits. A secret that must not be guessed or enumerated needs at least 128 "
                 "(secrets.token_urlsafe(16) or secrets.token_hex(16)).", bits=round(bits, 1))


@attack("csprng-source", "app/tokens.py takes its randomness from the operating system's CSPRNG")
def csprng_source(run):
    source = run.target.read_file("app/tokens.py")
    if source is None:
        fail("app/tokens.py is missing.")
    try:
        report = codecheck.audit(source.decode("utf-8", "replace"))
    except SyntaxError as err:
        fail(f"app/tokens.py does not parse: {err}")
    if report["weak"]:
        line, code, what = report["weak"][0]
        fail(f"Line {line} of app/tokens.py uses {what} ({code}). That is predictable however its output is "
             "dressed up (hashed, reseeded, lengthened): an attacker who sees enough output, or can guess the "
             "seed, computes the rest. Use the secrets module (token_urlsafe, token_hex, randbelow).",
             weak=[f"line {n}: {c}" for n, c, _ in report["weak"]])
    if not report["strong"]:
        fail("app/tokens.py never reaches a cryptographically secure source: use secrets.token_urlsafe(), "
             "secrets.token_hex() or os.urandom().")
