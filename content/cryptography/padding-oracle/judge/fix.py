"""Fix step: passes still work, and a changed pass teaches the gate's user nothing.

The decisive checks replay what an attacker at the gate does: change bytes of a real pass
and watch the display. A padding oracle shows up as more than one kind of answer to those
changed passes; a malleable cipher shows up as a changed pass that still opens the gate.
"""

import os

import depot
from pysec_judge import tokens
from pysec_judge import TargetRaised, attack, fail, functional, setup

SCAN = "app.gate:scan"


@setup
def seed(run):
    plan = depot.setup(run)
    run.data["plan"] = plan
    run.data["tokens"] = {name: depot.register(run, person) for name, person in plan.items()}


def _scan(run, token, what="a pass"):
    try:
        answer = run.target.call(SCAN, token).value
    except TargetRaised as err:
        run.details["traceback"] = err.traceback
        fail(f"Scanning {what} made the gate raise {err.type_name}: {err.message}. read_pass() must raise "
             "BadPass for every pass it cannot use, so that the gate can answer calmly.")
    if not isinstance(answer, str):
        fail(f"The gate's answer should be display text; it was {answer!r}.")
    return answer


def _answer_kind(run, token):
    """The gate's answer, or the exception a changed pass caused (both are visible at the gate)."""
    try:
        answer = run.target.call(SCAN, token).value
    except TargetRaised as err:
        return f"an error ({err.type_name})"
    return repr(answer)


def _opens(answer):
    return answer.startswith("OPEN")


def _kind_opens(kind):
    """True for an _answer_kind() that is an OPEN answer (repr() quotes with " when a name has an ')."""
    return kind[:1] in "'\"" and kind[1:].startswith("OPEN")


# ---------------------------------------------------------------- honest use


@functional("passes-open", "Passes issued by the office open the gate")
def passes_open(run):
    plan, issued = run.data["plan"], run.data["tokens"]
    for name, person in plan.items():
        answer = _scan(run, issued[name], f"{person['holder']}'s pass")
        if not _opens(answer) or person["holder"] not in answer:
            fail(f"{person['holder']}'s pass (badge {person['badge']}, zone {person['zone']!r}) should open the "
                 f"gate and greet them; the gate said {answer!r}.")


@functional("fields-read-back", "read_pass() gives back exactly the fields the office put in")
def fields_read_back(run):
    plan, issued = run.data["plan"], run.data["tokens"]
    for name in ("manager", "unicode"):
        person = plan[name]
        value = run.target.call("app.passes:read_pass", issued[name]).value
        expected = {"badge": person["badge"], "zone": person["zone"], "pin": person["pin"]}
        if value != expected:
            fail(f"read_pass() on {person['holder']}'s pass returned {value!r}, expected {expected!r}.")


@functional("long-passes", "Long zone names and non-ASCII text survive")
def long_passes(run):
    zone = ("Außenlager " + run.word() + " — ") * 25
    person = {"badge": f"L-{run.rand.randrange(100, 999)}", "holder": "Zoë Ångström", "zone": zone.strip(),
              "pin": run.token(8)}
    token = depot.register(run, person)
    answer = _scan(run, token, "a pass with a long zone name")
    if not _opens(answer) or person["zone"] not in answer:
        fail(f"A pass with a {len(person['zone'])}-character zone name did not open the gate as it should; the "
             f"gate said {answer[:200]!r}.")


@functional("unknown-badge", "Unregistered and revoked badges are still refused")
def unknown_badge(run):
    stranger = {"badge": f"X-{run.rand.randrange(100, 999)}", "zone": "yard", "pin": "1"}
    token = run.target.call("app.passes:issue_pass", stranger).value
    answer = _scan(run, token, "a pass for an unregistered badge")
    if answer != "REJECTED: unknown badge":
        fail(f"A genuine pass for a badge that is not in the registry should get 'REJECTED: unknown badge'; the "
             f"gate said {answer!r}.")
    person = run.data["plan"]["visitor"]
    run.target.call("app.gate:revoke", person["badge"])
    answer = _scan(run, run.data["tokens"]["visitor"], "a revoked pass")
    if _opens(answer):
        fail("A revoked badge still opened the gate.")


@functional("survives-restart", "Passes keep working after the scanner restarts")
def survives_restart(run):
    run.target.restart()
    answer = _scan(run, run.data["tokens"]["manager"], "the manager's pass after a restart")
    if not _opens(answer):
        fail("After the gate software restarted, the manager's pass no longer opened the gate. Keep using the key "
             "in data/pass.key (a key made at import time dies with the process).")


@functional("garbage-refused", "Things that are not passes are refused without an error")
def garbage_refused(run):
    for junk in ("", "hello", "%%%%", os.urandom(48).hex(), tokens.Token(run.data["tokens"]["visitor"]).encode(b"")):
        answer = _scan(run, junk, f"the text {junk[:40]!r}")
        if _opens(answer):
            fail(f"The text {junk[:40]!r} opened the gate.")


# ---------------------------------------------------------------- attacks



def _same_pass(run, token, changed_text):
    """For tokens the judge can only treat as text (no base64/hex form it recognises): True when the
    changed text still reads as exactly the original pass (e.g. base64's unused trailing bits)."""
    if token.codec != "text":
        return False
    try:
        return (run.target.call("app.passes:read_pass", changed_text).value
                == run.target.call("app.passes:read_pass", token.text).value)
    except TargetRaised:
        return False


def _answers(run, token, index, values):
    original = token.raw[index]
    genuine = _answer_kind(run, token.text) if token.codec == "text" else None
    seen = {}
    for v in values:
        if v != original:
            changed = token.flip(index, v ^ original)
            kind = _answer_kind(run, changed)
            if kind == genuine and _same_pass(run, token, changed):
                continue  # the same pass written differently, not a change
            seen[kind] = seen.get(kind, 0) + 1
    return seen


def _oracle_message(seen, where):
    listing = "; ".join(f"{kind} ×{n}" for kind, n in sorted(seen.items(), key=lambda kv: -kv[1]))
    return (f"Changing {where} of a real pass through every value, the gate gave {len(seen)} different answers: "
            f"{listing}. Whenever a changed pass is answered differently depending on what it decrypts to (bad "
            "padding, unreadable text, another badge), an attacker learns something about the plaintext with each "
            "try; the padding answer alone decrypts the whole pass, as in step 1. Make the pass authenticated "
            "(AES-GCM, ChaCha20-Poly1305, Fernet, or HMAC over IV and ciphertext checked before decrypting), so "
            "that every changed pass fails the same check before anything else is looked at.")


def _still_opens(run):
    """After an attack's changed passes, a genuine pass must still open the gate (no lockout)."""
    person = run.data["plan"]["manager"]
    answer = _answer_kind(run, run.data["tokens"]["manager"])
    if not _kind_opens(answer):
        fail(f"After a run of changed passes, {person['holder']}'s genuine pass no longer opened the gate (it said "
             f"{answer}). Locking the scanner after failed scans hides the oracle from a quick test, but it locks "
             "out every member of staff whenever someone scans junk, and a patient attacker simply spreads the "
             "few thousand questions of the attack over time. Make changed passes fail a MAC or AEAD check "
             "instead, so every scan can be answered and none teaches anything.")


@attack("padding-oracle", "A changed pass gets one answer, whatever it decrypts to")
def padding_oracle(run):
    token = tokens.Token(run.data["tokens"]["manager"])
    # The padding lever in CBC is the last byte of the block before the last one. A MAC tag
    # (16 or 32 bytes) may follow the ciphertext, so try the byte 17, 33 and 49 from the end.
    for back in (17, 33, 49):
        if back > len(token.raw):
            break
        seen = _answers(run, token, len(token.raw) - back, range(256))
        if len(seen) > 1:
            fail(_oracle_message(seen, f"the byte {back} from the end"))
        if any(_kind_opens(kind) for kind in seen):
            fail("Every changed pass opened the gate.")
    _still_opens(run)


@attack("oracle-elsewhere", "No answer differs for changes anywhere in the pass", hidden=True)
def oracle_elsewhere(run):
    token = tokens.Token(run.data["tokens"]["unicode"])
    n = len(token.raw)
    places = sorted({15 % n, n // 2, run.rand.randrange(n)})
    for index in places:
        seen = _answers(run, token, index, run.rand.sample(range(256), 40))
        if len(seen) > 1:
            fail(_oracle_message(seen, "one byte"))
    _still_opens(run)


@attack("tamper-rejected", "A pass with any bit changed does not open the gate")
def tamper_rejected(run):
    token = tokens.Token(run.data["tokens"]["manager"])
    for index in range(len(token.raw)):
        mask = 1 << run.rand.randrange(8)
        changed = token.flip(index, mask)
        answer = _answer_kind(run, changed)
        if _kind_opens(answer) and not _same_pass(run, token, changed):
            fail(f"A copy of the manager's pass with one bit flipped (byte {index}) still opened the gate: "
                 f"{answer}. Encryption alone does not stop changes: with CBC or CTR, flipping a ciphertext or IV "
                 "bit flips the same bit of the plaintext. Authenticate the whole token (IV or nonce included) "
                 "and refuse it before decrypting when the check fails.")
    _still_opens(run)


@attack("forged-pass", "Bit-flipping a pass into a colleague's badge does not work", hidden=True)
def forged_pass(run):
    plan = run.data["plan"]
    neighbour = plan["neighbour"]
    token = tokens.Token(run.data["tokens"]["manager"])
    run.hide(neighbour["badge"])
    for index in range(len(token.raw)):
        answer = _answer_kind(run, token.flip(index, 0x01))
        if neighbour["holder"] in answer:
            fail(f"Flipping one bit of the manager's pass turned it into a working pass for {neighbour['holder']}: "
                 "the badge number inside changed and nothing noticed. Whoever can read your format can edit "
                 "it without the key unless the token is authenticated, IV or nonce included.")
    _still_opens(run)


@attack("unique-ciphertexts", "The same fields never give the same pass twice")
def unique_ciphertexts(run):
    fields = {"badge": f"R-{run.rand.randrange(100, 999)}", "zone": "dock 3", "pin": run.token(4)}
    seen = set()
    for round_ in range(2):
        for _ in range(12):
            token = run.target.call("app.passes:issue_pass", fields).value
            if token in seen:
                when = "after the scanner restarted" if round_ else "in a row"
                fail(f"Issuing the same pass twice {when} gave identical tokens. A fixed or repeating nonce/IV lets "
                     "anyone see which passes are equal, and with GCM or CTR it reuses the keystream: XOR of two "
                     "passes is the XOR of their plaintexts, and GCM's authentication key leaks too. Draw a fresh "
                     "random nonce for every pass (os.urandom(12)).")
            seen.add(token)
        run.target.restart()


@attack("key-from-file", "Passes depend on the site key in data/pass.key")
def key_from_file(run):
    old_key = run.target.read_file("data/pass.key")
    run.target.write_file("data/pass.key", os.urandom(32))
    run.target.restart()
    try:
        answer = _answer_kind(run, run.data["tokens"]["manager"])
    finally:
        run.target.write_file("data/pass.key", old_key)
        run.target.restart()
    if _kind_opens(answer):
        fail("After the site key in data/pass.key was replaced, an old pass still opened the gate: the key that "
             "protects passes is not the one in data/pass.key. A key written in the source is known to everyone "
             "who has ever seen the code; load it from the key file, as the original did.")
