"""Fix step: salted, adaptive password hashes, compared in constant time, legacy users kept.

The database starts with accounts stored the old way (unsalted SHA-256 hex), as a real
upgrade would. Adaptive hashes are slow on purpose, so the checks ask the program for a
fixed, small number of hashes (about 16 hash or verify calls in all) and restart it between
groups of checks: every group gets a fresh CPU allowance, whatever cost the learner picked.
What is stored is judged the way an attacker holding the database would judge it: by its
format and parameters, recomputed here from the password, never by timing.
"""

import hashlib
import string
from datetime import datetime, timedelta, timezone

import codecheck
import hashes
import inkwell
from pysec_judge import TargetRaised, attack, fail, functional, setup

# An adaptive hash may take a while, and checks run side by side on small machines.
SLOW = 9.0


def _legacy(password):
    """What the old app stored."""
    return hashlib.sha256(password.encode("utf-8")).hexdigest()


def _ascii_password(run):
    """Letters, digits, punctuation and an inner space, as a password manager might produce."""
    alphabet = string.ascii_letters + string.digits + "!#%&*+-.:;<=>?@^_~"
    return run.text(7, alphabet) + " " + run.text(8, alphabet)


def _unicode_password(run):
    return run.rand.choice(["Grüße", "Ñandú", "Ærøskøbing", "Sømand", "Crème"]) + run.text(4) + \
        run.rand.choice(["日本語パス", "пароль", "κωδικός", "كلمة"]) + run.rand.choice(["🔐", "🦊", "☕"])


def _long_password(run):
    """Longer than bcrypt's 72-byte limit, with multi-byte letters past it."""
    return run.text(70) + " " + " ".join(run.rand.choice(["über", "façade", "naïve", "smörgås"]) for _ in range(4)) \
        + run.text(6)


def _near_miss(password):
    """The same password with its last character changed: the classic typo."""
    last = password[-1]
    return password[:-1] + ("x" if last != "x" else "y")


@setup
def seed(run):
    # Five people who registered before the fix (rows hold sha256(password) in hex); the
    # first three take part in the checks: one logs in and is upgraded, one only ever fails
    # to log in, one is checked with verify_password() directly.
    names = inkwell.usernames(run.rand, 5)
    old = {name: run.text(6) + run.word() + str(run.rand.randint(10, 99)) for name in names}
    start = datetime(2022, 3, 1, tzinfo=timezone.utc)
    rows = [(name, _legacy(old[name]), (start + timedelta(days=37 * i)).isoformat(timespec="seconds"))
            for i, name in enumerate(names)]
    run.target.write_file("data/users.db", inkwell.build_db(rows))
    run.data["legacy"] = old
    run.data["upgrader"], run.data["stayer"], run.data["direct"] = names[:3]
    run.data["passwords"] = {
        "ascii": _ascii_password(run),
        "unicode": _unicode_password(run),
        "long": _long_password(run),
    }
    run.data["hashes"] = {}
    newcomer = run.rand.choice(inkwell.FIRST) + "." + run.text(3, string.ascii_lowercase)
    while newcomer in names:
        newcomer += "x"
    run.data["newcomer"] = (newcomer, f"{run.word()} {run.word()} Öl {run.rand.randint(10, 99)}")


def _hash(run, password, what="a password"):
    try:
        value = run.target.call("app.passwords:hash_password", password, timeout=SLOW).value
    except TargetRaised as err:
        fail(f"hash_password() raised {err.type_name} for {what}: {err.message}", traceback=err.traceback,
             password=password)
    if not isinstance(value, str) or not value:
        fail(f"hash_password() returned {type(value).__name__} {value!r:.60}; it must return a non-empty str, "
             "which login() stores in the TEXT column password_hash. (bcrypt returns bytes: .decode() them.)")
    return value


def _verify(run, password, stored):
    try:
        return bool(run.target.call("app.passwords:verify_password", password, stored, timeout=SLOW).value)
    except TargetRaised as err:
        fail(f"verify_password() raised {err.type_name}: {err.message}. It must return True or False; a wrong "
             "password or a record it cannot read is a normal answer (False), not a crash.", traceback=err.traceback)


def _login(run, username, password, who="a user"):
    try:
        return bool(run.target.call("app.users:login", username, password, timeout=2 * SLOW).value)
    except TargetRaised as err:
        fail(f"users.login() raised {err.type_name} for {who}: {err.message or '(no message)'}. login() calls "
             "verify_password() and then needs_rehash() on the stored value: both must cope with every format "
             "in the database, old SHA-256 hex included, and answer True or False.", traceback=err.traceback)


LABELS = {"ascii": "a password with punctuation and a space",
          "unicode": "a password with accents, other scripts and an emoji",
          "long": "a password of 100+ characters (longer than 72 bytes)"}


def _hash_of(run, kind):
    """The round-trip hash of one kind of password, made now if round-trip did not get to it."""
    made = run.data["hashes"]
    if kind not in made:
        made[kind] = _hash(run, run.data["passwords"][kind], LABELS[kind])
    return made[kind]


# --- honest users ------------------------------------------------------------------------------


@functional("round-trip", "A password hashed with hash_password() verifies with verify_password()")
def round_trip(run):
    run.target.restart()
    for kind, password in run.data["passwords"].items():
        stored = _hash_of(run, kind)
        if not _verify(run, password, stored):
            fail(f"{LABELS[kind].capitalize()} did not verify against the value hash_password() made for it.",
                 password=password, stored=stored)


@functional("wrong-password", "A wrong password is rejected")
def wrong_password(run):
    password = run.data["passwords"]["ascii"]
    stored = _hash_of(run, "ascii")
    for wrong, what in ((_near_miss(password), "the right password with its last character changed"),
                        (run.word() + run.text(5), "a different password")):
        if _verify(run, wrong, stored):
            fail(f"verify_password() accepted {what}.", password=wrong)


@functional("register-login", "A new user can register and then log in (and not with a wrong password)")
def register_login(run):
    run.target.restart()
    name, password = run.data["newcomer"]
    run.target.call("app.users:register", name, password, timeout=SLOW)
    if not _login(run, name, password, "a user who has just registered"):
        fail(f"{name} registered with the password {password!r} and could not log in with it.")
    if _login(run, name, _near_miss(password), "a wrong password"):
        fail(f"{name} could log in with a wrong password.")


@functional("legacy-login", "Users stored the old way (SHA-256) still log in")
def legacy_login(run):
    direct = run.data["legacy"][run.data["direct"]]
    if not _verify(run, direct, _legacy(direct)):
        fail("verify_password(password, stored) returned False for a record made by the old code "
             "(sha256 hex) with its right password. Everybody who registered before your change would be "
             "locked out: keep accepting that format until each of them has logged in once.")
    name = run.data["upgrader"]
    if not _login(run, name, run.data["legacy"][name], "a user stored the old way (SHA-256 hex)"):
        fail(f"{name}, who registered before your change, could not log in with the right password.")
    run.data["upgrader_in"] = True


@functional("legacy-upgrade", "At their next login an old record is replaced by the new scheme, once")
def legacy_upgrade(run):
    name, password = run.data["upgrader"], run.data["legacy"][run.data["upgrader"]]
    if not run.data.get("upgrader_in"):
        fail(f"{name}, stored the old way, could not log in (see legacy-login), so there was nothing to upgrade.")
    old = _legacy(password)
    stored = inkwell.stored_hashes(run).get(name)
    if stored == old:
        fail(f"{name} logged in with the right password, but the database still holds their old unsalted "
             "SHA-256 hash. login() replaces a record when needs_rehash(stored) says True: make it say so "
             "for the old format, so each account moves to the new scheme at its owner's next login.")
    if stored is None:
        fail(f"{name}'s record is gone after their login.")
    if not _login(run, name, password, "a user whose record was just upgraded"):
        fail(f"After {name}'s record was upgraded they could no longer log in with the same password.",
             stored=stored)
    again = inkwell.stored_hashes(run).get(name)
    if again != stored:
        fail("needs_rehash() says True for a hash your own hash_password() has just made, so every login "
             "hashes the password again and rewrites the record. It should say True only for old formats "
             "(or parameters below your current ones).")


# --- attacks -----------------------------------------------------------------------------------


def _analysis(run):
    """Format, parameters and recomputation of the round-trip hash, shared by two checks."""
    if "analysis" not in run.data:
        password = run.data["passwords"]["ascii"]
        stored = _hash_of(run, "ascii")
        scheme = hashes.identify(stored)
        confirmed, salt_bits = hashes.confirm(stored, password) if scheme else (False, None)
        run.data["analysis"] = (stored, scheme, confirmed, salt_bits)
    return run.data["analysis"]


@attack("adaptive-hash", "Stored hashes use a slow, salted scheme with enough cost (Argon2id, bcrypt, scrypt, PBKDF2)")
def adaptive_hash(run):
    stored, scheme, confirmed, _ = _analysis(run)
    password = run.data["passwords"]["ascii"]
    if scheme is None:
        run.details["stored"] = stored
        readable = hashes.plaintext(stored, password)
        if readable:
            fail(f"The stored value is {readable}: encoding is not hashing, and anyone with the database reads "
                 "the password back. Use an adaptive hash: " + hashes.FORMATS + ".")
        encrypted = hashes.looks_encrypted(stored)
        if encrypted:
            fail(f"The stored value is {encrypted}. Encryption is made to be undone: whoever gets the database "
                 "and the key (which sits in the same program) reads every password. Store a one-way, slow hash.")
        fast = hashes.fast_hash(stored, password)
        if fast:
            fail(f"The stored value is {fast}. A fast hash costs an attacker nanoseconds per guess: a GPU tries "
                 "billions a second, salt or no salt. Use an adaptive hash: " + hashes.FORMATS + ".")
        fail("The stored value is not in a format this check recognises as an adaptive password hash, so an "
             "upgrade could not tell its cost either. Use one of: " + hashes.FORMATS + ".")
    if scheme.weak:
        fail(f"Stored as {scheme.name}, but {scheme.weak}.", stored=stored)
    if not confirmed:
        run.details["stored"] = stored
        fail(f"The stored value says {scheme.name} ({scheme.cost}), but recomputing {scheme.name} with those "
             "parameters from the password gives a different result. Store exactly what the algorithm produced, "
             "with the parameters you really used (UTF-8 password, no extra secret).")
    for kind, other in run.data["hashes"].items():
        found = hashes.identify(other)
        if found is None or found.weak:
            fail(f"{LABELS[kind].capitalize()} was stored as {other!r:.70}: every password must go through the "
                 "same adaptive scheme.")


@attack("unique-salt", "The same password hashed twice gives two different values (a random salt per hash)")
def unique_salt(run):
    run.target.restart()
    password = run.data["passwords"]["ascii"]
    first = _hash_of(run, "ascii")
    second = _hash(run, password)
    if first == second:
        fail("Hashing the same password twice gave the same value, so equal passwords still show up as equal "
             "hashes and one precomputed table cracks every account at once. Draw a fresh random salt "
             "(e.g. os.urandom(16)) for every hash and store it with the hash.", stored=first)
    _, scheme, confirmed, salt_bits = _analysis(run)
    if confirmed and salt_bits is not None and salt_bits < 128:
        fail(f"The salt carries only about {salt_bits} bits. Use at least 16 random bytes (128 bits), e.g. "
             "os.urandom(16) or secrets.token_bytes(16).")


@attack("no-plaintext", "The stored value does not reveal the password (no plain text, encoding or encryption)")
def no_plaintext(run):
    _hash_of(run, "ascii")
    name, password = run.data["newcomer"]
    pairs = [(run.data["passwords"][k], v) for k, v in run.data["hashes"].items()]
    pairs.append((password, inkwell.stored_hashes(run).get(name, "")))
    for password, stored in pairs:
        seen = hashes.plaintext(stored, password)
        if seen:
            fail(f"The stored value contains {seen}. Anyone who copies the database reads it back. Store only a "
                 "one-way hash.", stored=stored)


@attack("constant-time-compare", "verify_password() compares hashes in constant time")
def constant_time(run):
    source = run.target.read_file("app/passwords.py")
    if source is None:
        fail("app/passwords.py is missing.")
    try:
        report = codecheck.audit(source.decode("utf-8", "replace"))
    except SyntaxError as err:
        fail(f"app/passwords.py does not parse: {err}")
    if report["comparisons"]:
        line, code = report["comparisons"][0]
        fail(f"Line {line} of app/passwords.py compares with == or != : {code}. Python's == stops at the first "
             "byte that differs, so how long a failed login takes tells an attacker how much of the hash they "
             "got right. Compare digests with hmac.compare_digest() (or let the library's verify() do it).",
             comparisons=[f"line {n}: {c}" for n, c in report["comparisons"]])
    if not report["constant_time"]:
        fail("verify_password() never reaches a constant-time comparison: use hmac.compare_digest() for "
             "digests you compute yourself, or the library's own verify (PasswordHasher.verify, "
             "bcrypt.checkpw).")


@attack("legacy-wrong-password", "An old SHA-256 record does not let a wrong password in")
def legacy_wrong_password(run):
    password = run.data["legacy"][run.data["direct"]]
    for wrong in (_near_miss(password), password.upper(), ""):
        if _verify(run, wrong, _legacy(password)):
            fail("verify_password() accepted a wrong password for a record stored the old way.", password=wrong)
    name = run.data["stayer"]
    before = inkwell.stored_hashes(run).get(name)
    if _login(run, name, _near_miss(run.data["legacy"][name]), "a wrong password"):
        fail(f"{name}, stored the old way, could be logged into with a wrong password.")
    if inkwell.stored_hashes(run).get(name) != before:
        fail(f"A failed login changed {name}'s stored record. Only a successful login may rewrite it.")


@attack("leaked-hash-rejected", "The leaked SHA-256 hash itself does not work as a password", hidden=True)
def leaked_hash_rejected(run):
    # The old hashes are in the wild (step 1). A migration that also accepts sha256(password) as
    # input ("wrap" without care) would let the leaked value itself log in.
    for name in (run.data["stayer"], run.data["upgrader"]):
        leaked = _legacy(run.data["legacy"][name])
        run.payload = f"login({name!r}, {leaked!r})"
        if _login(run, name, leaked, "the leaked hash used as a password"):
            fail(f"Logging in as {name} with the SHA-256 hex from the leaked database as the password worked: "
                 "the leak is as good as the password. Accept only the password itself.")


@attack("no-truncation", "Two long passwords that differ only after byte 72 are told apart", hidden=True)
def no_truncation(run):
    password = run.data["passwords"]["long"]
    stored = _hash_of(run, "long")
    other = _near_miss(password)
    run.payload = other
    if _verify(run, other, stored):
        fail("A long password that differs from the right one only in its last character was accepted: "
             "the hash only looks at the first bytes (bcrypt stops at 72). Pre-hash long passwords "
             "(base64 of their SHA-256) before bcrypt, or use a scheme without the limit.")
