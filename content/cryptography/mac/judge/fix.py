"""Fix step: real TidePay webhooks are booked once; forged, stale, re-stamped and replayed ones never.

Outcomes decide: the judge signs requests exactly as TidePay does (with this run's secret),
sends them to receive(), and reads the wallet balances the program keeps. A refused
request must leave the balance alone; a replay must not credit twice. Whether signatures
are compared in constant time is read from app/webhooks.py, never timed.
"""

import hashlib
import hmac
import json
import sqlite3
import time

from pysec_judge import mac_audit
from pysec_judge import TargetRaised, attack, fail, functional, setup

CUSTOMERS = [("cus_aoife", "Aoife Ní Bhriain"), ("cus_zoe", "Zoë Lefèvre"), ("cus_tariq", "Tariq Al-Amin"),
             ("cus_hana", "Hana Sato"), ("cus_oskar", "Oskar Öberg"), ("cus_rosa", "Rosa D'Angelo")]
NOTES = ["Top-up at Stall 4 ☕", "Café & crêpes", "Zoë's birthday 🎂", "Kiosko — weekly", "Обед", "お弁当"]


def _sign(secret, body, t, v0=True):
    v1 = hmac.new(secret, f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    header = f"t={t},v1={v1}"
    if v0:
        header += f",v0={hmac.new(secret, body, hashlib.sha256).hexdigest()}"
    return header


@setup
def seed(run):
    secret = ("whsec_" + run.token(24)).encode()
    run.data["secret"] = secret
    run.target.write_file("data/tidepay_secret", secret + b"\n")
    conn = sqlite3.connect(":memory:")
    conn.executescript("""
        CREATE TABLE accounts (customer TEXT PRIMARY KEY, name TEXT NOT NULL, balance INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE payments (event_id TEXT NOT NULL, customer TEXT NOT NULL, amount INTEGER NOT NULL,
                               received_at TEXT NOT NULL);""")
    start = {c: run.rand.randint(0, 5000) for c, _ in CUSTOMERS}
    conn.executemany("INSERT INTO accounts VALUES (?, ?, ?)", [(c, n, start[c]) for c, n in CUSTOMERS])
    conn.commit()
    run.target.write_file("data/wallet.db", conn.serialize())
    run.data["balances"] = start


def _event(run, customer, note=None):
    amount = run.rand.choice([500, 1000, 2000, 2500, 5000]) + run.rand.randint(0, 99)
    event = {"id": "evt_" + run.token(12), "type": "topup.succeeded", "created": int(time.time()),
             "data": {"customer": customer, "amount": amount, "currency": "EUR",
                      "note": note or run.rand.choice(NOTES)}}
    return event, json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _send(run, header, body, what):
    headers = {"Content-Type": "application/json"}
    if header is not None:
        headers["Tide-Signature"] = header
    try:
        reply = run.target.call("app.webhooks:receive", headers, body).value
    except TargetRaised as err:
        run.details["traceback"] = err.traceback
        fail(f"receive() raised {err.type_name}: {err.message} for {what}. A webhook endpoint must answer every "
             "request with a status (401/400 for a bad one), never crash.")
    return reply.get("status") if isinstance(reply, dict) else None


def _balance(run, customer):
    return run.target.call("app.wallet:balance", customer).value


def _expect(run, customer, delta, message):
    now = _balance(run, customer)
    want = run.data["balances"][customer] + delta
    run.data["balances"][customer] = now
    if now != want:
        fail(message, expected=want, balance=now)


def _deliver(run, customer, t=None, note=None):
    """A genuine TidePay delivery: must be booked. Returns (header, body, amount)."""
    event, body = _event(run, customer, note)
    t = int(time.time()) if t is None else t
    header = _sign(run.data["secret"], body, t)
    status = _send(run, header, body, "a genuine TidePay request")
    _expect(run, customer, event["data"]["amount"],
            f"A genuine, freshly signed TidePay top-up for {customer} was not booked (status {status}).")
    return header, body, event


# ---------------------------------------------------------------- honest use


@functional("fresh-accepted", "Genuine TidePay top-ups are booked")
def fresh_accepted(run):
    for customer, _ in run.rand.sample(CUSTOMERS, 3):
        _deliver(run, customer)
    run.data["captured"] = _deliver(run, CUSTOMERS[0][0])
    run.data["captured_booked"] = True


def _captured(run):
    """A genuine request the attacker saw (delivered in fresh-accepted, or made now if that failed)."""
    if "captured" not in run.data:
        event, body = _event(run, CUSTOMERS[0][0])
        run.data["captured"] = (_sign(run.data["secret"], body, int(time.time())), body, event)
    return run.data["captured"]


@functional("unicode-body", "Bodies with accents, emoji and other scripts verify")
def unicode_body(run):
    for note in ("Zoë's café ☕ — 2×", "Обед и お弁当 🍱"):
        _deliver(run, CUSTOMERS[1][0], note=note)


@functional("clock-skew", "Timestamps a few minutes off (either way) are accepted")
def clock_skew(run):
    now = int(time.time())
    _deliver(run, CUSTOMERS[2][0], t=now - 200)
    _deliver(run, CUSTOMERS[3][0], t=now + 90)


# ---------------------------------------------------------------- attacks


@attack("forged-signature", "Requests without TidePay's signature are refused")
def forged_signature(run):
    customer = CUSTOMERS[4][0]
    now = int(time.time())
    cases = []
    event, body = _event(run, customer)
    cases.append(("a request signed with another secret", _sign(b"whsec_" + run.token(24).encode(), body, now), body))
    event, body = _event(run, customer)
    cases.append(("a request without a Tide-Signature header", None, body))
    event, body = _event(run, customer)
    cases.append(("a request with a garbled header", "v1=,t=x,,==", body))
    header, body, event = _captured(run)
    changed = body.replace(str(event["data"]["amount"]).encode(), b"999999")
    cases.append(("a captured request with the amount changed", _sign(run.data["secret"], body, now), changed))
    for what, header, body in cases:
        _send(run, header, body, what)
        _expect(run, customer, 0, f"The wallet was credited for {what}.")
    # the tampered amount went to CUSTOMERS[0]
    _expect(run, CUSTOMERS[0][0], 0, "The wallet was credited for a captured request with the amount changed.")


@attack("replay", "A captured request sent again is not booked twice")
def replay(run):
    header, body, event = _captured(run)
    customer = event["data"]["customer"]
    for _ in range(2):
        _send(run, header, body, "a replayed request")
    if not run.data.get("captured_booked"):  # never booked before: one of the two may count
        run.data["balances"][customer] = min(_balance(run, customer),
                                             run.data["balances"][customer] + event["data"]["amount"])
    _expect(run, customer, 0,
            "Sending the same genuine request again credited the wallet again. Anyone who sees one request (a proxy "
            "log, a leaked capture) can repeat it; TidePay itself retries. Remember the event ids you have booked "
            "(for at least as long as the time window) and book each only once.")


@attack("replay-variants", "A replay with the header rewritten is not booked twice", hidden=True)
def replay_variants(run):
    header, body, event = _deliver(run, CUSTOMERS[5][0])
    fields = dict(part.split("=", 1) for part in header.split(","))
    variants = [f"v1={fields['v1']}, t={fields['t']}", f"t={fields['t']},v1={fields['v1']}",
                f" t={fields['t']} ,v0={fields['v0']},v1={fields['v1']}"]
    for variant in variants:
        run.payload = variant
        _send(run, variant, body, "a replayed request")
        _expect(run, CUSTOMERS[5][0], 0,
                "A genuine request replayed with its signature header rewritten (same t and v1, fields reordered or "
                "spaced differently) was booked again. Recognise a replay by what it means (the event id), not by "
                "the exact header text.")


@attack("stale-timestamp", "A correctly signed request from an hour ago is refused")
def stale_timestamp(run):
    customer = CUSTOMERS[4][0]
    event, body = _event(run, customer)
    t = int(time.time()) - 3600 - run.rand.randint(0, 86400)
    _send(run, _sign(run.data["secret"], body, t), body, "a request signed an hour ago")
    _expect(run, customer, 0,
            "A request TidePay signed an hour or more ago (and never delivered to you) was booked. A captured request "
            "must stop working once it is old: reject t more than 5 minutes from your clock.")


@attack("restamped-message", "An old request with a new timestamp is refused")
def restamped_message(run):
    customer = CUSTOMERS[4][0]
    event, body = _event(run, customer)
    old = int(time.time()) - 7200
    header = _sign(run.data["secret"], body, old)
    restamped = header.replace(f"t={old}", f"t={int(time.time())}")
    _send(run, restamped, body, "a re-stamped request")
    _expect(run, customer, 0,
            "An attacker took a request signed two hours ago, replaced t= with the current time and it was booked: "
            "the timestamp you check is not covered by the signature you check. Verify v1, the HMAC over "
            "f\"{t}.\" + body, and then the window on that same t.")


@attack("constant-time-compare", "Signatures are compared in constant time")
def constant_time_compare(run):
    source = run.target.read_file("app/webhooks.py")
    if source is None:
        fail("app/webhooks.py is missing.")
    try:
        report = mac_audit.audit(source.decode("utf-8", "replace"), ("receive",))
    except SyntaxError as err:
        fail(f"app/webhooks.py does not parse: {err}")
    if report["comparisons"]:
        line, code = report["comparisons"][0]
        fail(f"Line {line} of app/webhooks.py compares with == or != : {code}. == stops at the first character that "
             "differs, so response times tell an attacker how much of a guessed signature is right. Use "
             "hmac.compare_digest(expected, given).", comparisons=[f"line {n}: {c}" for n, c in report["comparisons"]])
    if not report["constant_time"]:
        fail("app/webhooks.py never compares signatures with hmac.compare_digest().")
