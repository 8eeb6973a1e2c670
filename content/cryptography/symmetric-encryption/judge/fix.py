"""Fix step: cookies and drafts still work, and no token can be read, changed or spliced.

Every attack check decides on what the site does with a token an attacker made: a cut-and-
paste cookie, a bit-flipped cookie, a draft handed in as a cookie, tokens made under another
key. Two properties of the ciphertexts themselves are observable too: equal plaintexts must
not give equal tokens, and two tokens must never share a keystream. The source of
app/crypto.py is read for one thing only: nonces drawn from the `random` module.
"""

import ast
import os

import garden
from pysec_judge import tokens
from pysec_judge import TargetRaised, attack, fail, functional, setup

BLOCK = 16


@setup
def seed(run):
    plan = garden.setup(run)
    run.data["plan"] = plan
    run.data["chair_cookie"] = garden.chair_cookie(run, plan)


def _call(run, fn, *args, what=None):
    try:
        return run.target.call(fn, *args).value
    except TargetRaised as err:
        run.details["traceback"] = err.traceback
        fail(f"{what or fn} raised {err.type_name}: {err.message}. A token the site cannot use must make "
             "decrypt_cookie()/decrypt_draft() raise crypto.InvalidToken (a ValueError), nothing else: "
             "catch the library's own errors (InvalidTag, binascii.Error, ...) and raise InvalidToken instead.")


def _register(run, email):
    return _call(run, "app.site:register", email, what=f"register({email[:60]!r})")


def _profile(run, cookie, what="profile() of a cookie"):
    return _call(run, "app.site:profile", cookie, what=what)


def _member(run):
    if "member" not in run.data:
        email = f"{run.name().lower()}.{run.word()}@plots.example"
        cookie = _register(run, email)
        run.data["member"] = (email, cookie)
    return run.data["member"]


# ---------------------------------------------------------------- honest use


@functional("cookie-roundtrip", "Members sign up and their cookie says who they are")
def cookie_roundtrip(run):
    emails = [f"{run.word()}@plots.example", "siobhan.o'brien@larkspur.example", "zoë.ångström@exämple.org",
              f"{run.text(180).lower()}+allotments@long-domain.example", "ana maría@plots.example"]
    for email in emails:
        cookie = _register(run, email)
        who = _profile(run, cookie, f"profile() of the cookie for {email[:60]!r}")
        if not isinstance(who, dict) or who.get("email") != email or who.get("role") != "member":
            fail(f"After register({email[:60]!r}), profile() of its cookie returned {who!r:.300}; expected that "
                 "address with role 'member'.")


@functional("draft-roundtrip", "Drafts come back exactly as they were written")
def draft_roundtrip(run):
    _, cookie = _member(run)
    texts = ["", "Plot 7's hose is leaking again.", "Ça pousse bien 🌱 — «merci» à tous, Zoë",
             "email=x&uid=1&role=admin", run.text(5000) + "\n" + "Ж" * 300]
    for text in texts:
        token = _call(run, "app.site:save_draft", cookie, text, what="save_draft()")
        back = _call(run, "app.site:load_draft", cookie, token, what="load_draft()")
        if back != text:
            fail(f"A draft of {len(text)} characters ({text[:40]!r}…) came back as {back!r:.120}.")


@functional("committee-console", "The committee still gets its console, members don't")
def committee_console(run):
    page = _call(run, "app.site:admin_console", run.data["chair_cookie"], what="admin_console() for the chair")
    if run.data["plan"]["bank_key"] not in str(page):
        fail(f"The chairperson's own cookie no longer opens the committee console: {page!r:.200}")
    _, cookie = _member(run)
    try:
        run.target.call("app.site:admin_console", cookie)
    except TargetRaised as err:
        if err.is_a("builtins.PermissionError"):
            return
        raise
    fail("An ordinary member's cookie opened the committee console.")


@functional("survives-restart", "Cookies and drafts still work after the site restarts")
def survives_restart(run):
    email, cookie = _member(run)
    draft = _call(run, "app.site:save_draft", cookie, "see you at the shed", what="save_draft()")
    run.target.restart()
    who = _profile(run, cookie, "profile() after a restart")
    if not who or who.get("email") != email:
        fail("After a restart, a member's cookie was no longer accepted. Keep using the key in data/site.key; a key "
             "made when the module is imported dies with the process.")
    if _call(run, "app.site:load_draft", cookie, draft, what="load_draft() after a restart") != "see you at the shed":
        fail("After a restart, a saved draft could no longer be opened.")


@functional("junk-refused", "Junk cookies and drafts are refused calmly")
def junk_refused(run):
    _, cookie = _member(run)
    for junk in ("", "hello", "%%%", os.urandom(40).hex(), tokens.Token(cookie).encode(os.urandom(64))):
        who = _profile(run, junk, f"profile({junk[:30]!r})")
        if who is not None:
            fail(f"The cookie {junk[:40]!r} was accepted as {who!r:.120}.")
        back = _call(run, "app.site:load_draft", cookie, junk, what=f"load_draft(…, {junk[:30]!r})")
        if back is not None:
            fail(f"The draft token {junk[:40]!r} was accepted: load_draft() returned {back!r:.80}. For a token it "
                 "cannot open, decrypt_draft() must raise crypto.InvalidToken, not return a harmless-looking "
                 "value (load_draft() turns InvalidToken into None).")


# ---------------------------------------------------------------- attacks


@attack("cut-and-paste", "Cookies glued together from pieces of other cookies are refused")
def cut_and_paste(run):
    # The attack from step 1, then every other block splice of the two cookies.
    tail = "@cut.example"
    admin_email = "x" * (BLOCK - len("email=")) + "admin" + "\x0b" * 11 + tail
    a = tokens.Token(_register(run, admin_email))
    probe = _profile(run, _register(run, "probe" + tail)) or {"uid": 0}
    digits = len(str(probe["uid"] + 1))
    fixed = len("email=") + len("&uid=") + digits + len("&role=")
    email = "m" * ((-(fixed + len(tail))) % BLOCK) + tail
    b = tokens.Token(_register(run, email))
    originals = {a.raw, b.raw}
    # The exact attack first: b's profile up to "role=", then a's "admin"+padding block.
    candidates = [(b, b.raw[:fixed + len(email)] + a.raw[BLOCK:2 * BLOCK])]
    for first, second in ((b, a), (a, b)):
        for cut in range(BLOCK, len(first.raw) + 1, BLOCK):
            for start in range(0, len(second.raw) - BLOCK + 1, BLOCK):
                candidates.append((first, first.raw[:cut] + second.raw[start:start + BLOCK]))
                candidates.append((first, first.raw[:cut] + second.raw[start:]))
    for first, forged in candidates:
        if forged in originals or not forged:
            continue
        who = _profile(run, first.encode(forged), "profile() of a spliced cookie")
        if who is None:
            continue
        if who.get("role") == "admin":
            fail("The cut-and-paste attack still works: a cookie glued together from blocks of two member cookies "
                 "says role=admin. Each block of an ECB ciphertext decrypts on its own. Use an authenticated cipher "
                 "(AES-GCM, ChaCha20-Poly1305) so the whole token is checked before anything is decrypted.",
                 forged_profile=who)
        fail(f"A cookie glued together from pieces of two different cookies was accepted as {who!r:.200}. The site "
             "must refuse any token it did not issue as a whole: authenticate it (AEAD or encrypt-then-MAC).",
             forged_profile=who)


@attack("bit-flip", "A cookie with one bit changed is refused")
def bit_flip(run):
    email, cookie = _member(run)
    token = tokens.Token(cookie)
    original = _profile(run, cookie)
    for index in range(len(token.raw)):
        forged = token.flip(index, 1 << run.rand.randrange(8))
        who = _profile(run, forged, "profile() of a changed cookie")
        if who is not None and token.codec == "text" and who == original:
            continue  # a text token the judge can't decode, written differently (e.g. base64's unused bits)
        if who is not None:
            fail(f"A copy of a member's cookie with one bit flipped (byte {index}) was accepted as {who!r:.200}. "
                 "Encryption without authentication is malleable: with CBC or CTR, flipping a bit of the IV or "
                 "ciphertext flips a bit of the plaintext (or scrambles one block) and nothing notices. Use an "
                 "AEAD cipher, or a MAC over everything (nonce/IV included) checked before decrypting.")


@attack("draft-as-cookie", "A draft can't be used as a cookie, nor a cookie as a draft", hidden=True)
def draft_as_cookie(run):
    email, cookie = _member(run)
    who = _profile(run, cookie)
    if not who:
        fail("A member's own cookie, fresh from register(), was refused by profile(). Every cookie the site "
             "issues must keep working.")
    fake = f"email={email}&uid={who['uid']}&role=admin"
    run.payload = fake
    draft = _call(run, "app.site:save_draft", cookie, fake, what="save_draft()")
    forged = _profile(run, draft, "profile() of a draft token")
    if forged is not None:
        fail(f"A member saved a draft reading {fake!r} and handed the draft token in as a cookie: the site "
             f"accepted it as {forged!r}. Both kinds of token are encrypted the same way with the same key, so "
             "the ciphertext doesn't say what it is for. Bind each token to its purpose: associated data "
             "(AESGCM.encrypt(nonce, data, b\"cookie\")) or a separate key per purpose (e.g. derived with HKDF).")
    if _call(run, "app.site:load_draft", cookie, cookie, what="load_draft() of a cookie") is not None:
        fail("A login cookie handed in as a draft token was opened as a draft, so whoever can read drafts can read "
             "cookies. Bind each token to its purpose (associated data or a key per purpose).")


def _keystream_shared(c1, c2, p1, p2):
    """True when some window of c1 XOR c2 equals p1 XOR p2 (same offset in both tokens)."""
    n = len(p1)
    want = bytes(x ^ y for x, y in zip(p1, p2))
    for off in range(0, min(len(c1), len(c2)) - n + 1):
        if bytes(x ^ y for x, y in zip(c1[off:off + n], c2[off:off + n])) == want:
            return True
    return False


@attack("unique-ciphertexts", "Equal plaintexts give different tokens, and no keystream is used twice")
def unique_ciphertexts(run):
    _, cookie = _member(run)
    chair = run.data["plan"]["chair"]
    text = f"Rota for week {run.rand.randrange(1, 52)}: {run.word()}"
    seen = set()
    for round_ in range(2):
        for _ in range(10):
            for made in (_call(run, "app.site:save_draft", cookie, text, what="save_draft()"),
                         _call(run, "app.site:issue_cookie", chair["email"], chair["uid"], "admin", what="issue_cookie()")):
                if made in seen:
                    when = "after the site restarted" if round_ else "twice in a row"
                    fail(f"Encrypting the same text {when} gave the same token. An observer learns which members "
                         "wrote the same draft or hold the same cookie, and with ECB equal blocks show even inside "
                         "one token. With CTR or GCM a repeated nonce is worse: the same keystream twice, so XOR of "
                         "two tokens is XOR of their plaintexts, and GCM's authentication key leaks. Draw a fresh "
                         "random nonce for every encryption (os.urandom(12)).")
                seen.add(made)
        if round_ == 0:
            run.target.restart()
    # Different texts of equal length: their tokens must not be XOR-related.
    p1, p2 = run.text(48).encode(), run.text(48).encode()
    t1 = tokens.Token(_call(run, "app.site:save_draft", cookie, p1.decode(), what="save_draft()"))
    t2 = tokens.Token(_call(run, "app.site:save_draft", cookie, p2.decode(), what="save_draft()"))
    if _keystream_shared(t1.raw, t2.raw, p1, p2):
        fail("Two drafts were encrypted with the same keystream: XOR of the two tokens equals XOR of the two texts, "
             "so knowing one draft reveals the other. Every encryption needs its own nonce.")


def _repeated_window(raw, size=BLOCK):
    """The first offset whose `size`-byte window occurs again later in raw, or None."""
    first = {}
    for off in range(len(raw) - size + 1):
        window = raw[off:off + size]
        if window in first and off - first[window] >= size:
            return first[window]
        first.setdefault(window, off)
    return None


@attack("no-block-patterns", "Repeated text does not show as repeated blocks inside a token")
def no_block_patterns(run):
    # A deterministic block mode with a random block in front (or a random salt anywhere)
    # gives different tokens every time, yet still encrypts equal 16-byte blocks the same way.
    _, cookie = _member(run)
    filler = run.rand.choice("abcdefghjkmnpqrstuvwxyz") * run.rand.randrange(400, 480)
    token = tokens.Token(_call(run, "app.site:save_draft", cookie, filler, what="save_draft()"))
    if _repeated_window(token.raw) is not None:
        fail("A draft made of one letter repeated a few hundred times gave a token in which the same 16 bytes "
             "appear again and again: equal plaintext blocks are still encrypted to equal ciphertext blocks, as "
             "in ECB (the ECB penguin). A random block or salt in front makes whole tokens differ, but every "
             "block after it is still encrypted on its own, so an observer sees repeats inside a token and "
             "between tokens. Use a mode with a nonce that changes every block's encryption: an AEAD "
             "(AES-GCM, ChaCha20-Poly1305) with a fresh os.urandom nonce.")


class _RandomUse(ast.NodeVisitor):
    def __init__(self):
        self.modules, self.names, self.found = set(), set(), []

    def visit_Import(self, node):
        for alias in node.names:
            if alias.name == "random" or alias.name.startswith("random."):
                self.modules.add(alias.asname or "random")
                self.found.append((node.lineno, "import random"))

    def visit_ImportFrom(self, node):
        if node.module == "random":
            for alias in node.names:
                self.names.add(alias.asname or alias.name)
            self.found.append((node.lineno, "from random import " + ", ".join(a.name for a in node.names)))


@attack("csprng-nonces", "Nonces and keys come from the operating system's CSPRNG, not `random`")
def csprng_nonces(run):
    source = run.target.read_file("app/crypto.py")
    if source is None:
        fail("app/crypto.py is missing.")
    try:
        tree = ast.parse(source.decode("utf-8", "replace"))
    except SyntaxError as err:
        fail(f"app/crypto.py does not parse: {err}")
    visitor = _RandomUse()
    visitor.visit(tree)
    if visitor.found:
        line, code = visitor.found[0]
        fail(f"Line {line} of app/crypto.py uses Python's random module ({code}). random is a Mersenne Twister: "
             "after 624 of its 32-bit outputs (about 208 twelve-byte nonces, all visible in tokens) anyone can "
             "compute every future and past output. That doesn't break GCM directly, but nonces and keys must "
             "come from os.urandom() or the secrets module, and a predictable generator near crypto code is how "
             "keys end up predictable too.")


@attack("key-from-file", "Tokens depend on the site key in data/site.key")
def key_from_file(run):
    email, cookie = _member(run)
    old_key = run.target.read_file("data/site.key")
    run.target.write_file("data/site.key", os.urandom(32))
    run.target.restart()
    try:
        who = run.target.call("app.site:profile", cookie).value
    except TargetRaised:
        who = None
    finally:
        run.target.write_file("data/site.key", old_key)
        run.target.restart()
    if who is not None:
        fail("After the site key in data/site.key was replaced, an old cookie was still accepted: the key that "
             "protects tokens is not the one in data/site.key. A key in the source code is known to everyone who "
             "has seen the code and can never be rotated. Load it from the key file, as the original did.")
