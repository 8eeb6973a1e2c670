"""Judge for the fix step of encoding-challenges.

Per run: a fresh admin key (config/gateway.ini), a fresh member list with a flag
(data/members.csv, what /admin/members shows), a fresh secret in config/, and fresh
documents under site/docs/ (plain, Unicode, names with a literal %, nested).

Every request goes through app.gateway:handle(target, headers), one call each.
Functional checks: honest documents by every honest spelling (percent-encoded once,
full-width letters the router folds with NFKC, any case of the section name) and the
admin page with the key. Attack checks: the member list and the config secret must not
come back, and the answer must be a refusal (4xx). Hidden checks build their spellings
from random choices on every run.
"""

from urllib.parse import quote

from pysec_judge import TargetRaised, attack, fail, functional, setup

HANDLE = "app.gateway:handle"
DOCS = "site/docs"


@setup
def plant(run):
    d = run.data
    tok = run.token(3)
    d["tok"] = tok
    d["key"] = f"oak-{run.token(8)}"
    d["cfg_secret"] = run.flag()
    run.target.write_file("config/gateway.ini",
                          f"[admin]\nkey = {d['key']}\n\n[alarm]\ninstaller_code = {d['cfg_secret']}\n")
    d["members_secret"] = run.flag()
    d["members"] = (f"name,email,door_code\n{run.name()} {run.word().capitalize()},{run.word()}@mail.example,"
                    f"{run.rand.randint(1000, 9999)}\nboard,board@oakfield.example,{d['members_secret']}\n")
    run.target.write_file("data/members.csv", d["members"])
    d["secrets"] = [d["cfg_secret"], d["members_secret"], d["key"]]
    d["root"] = run.target.call("os:getcwd").value.rstrip("/") or "/lab"

    docs = {
        "plain": f"lathe-{tok}.md",
        "nested": f"machines/cnc router {tok}.md",
        "unicode": f"Fräse Anleitung {tok}.md",
        "cjk": f"日本語/旋盤メモ-{tok}.md",
        "percent": f"100% PLA {tok}.md",
        "escape_like": f"rates%2Bfees-{tok}.md",  # a literal "%2B" in the name
        "escape_like2": f"report%2541-{tok}.txt",
        "folded": f"filament-guide-{tok}.md",  # reached by full-width and ligature spellings
        "dots": f"v1.2..notes-{tok}.md",
    }
    d["docs"] = {}
    for key, rel in docs.items():
        text = f"# {rel}\n{run.text(24)}\n"
        run.target.write_file(f"{DOCS}/{rel}", text.encode("utf-8"))
        d["docs"][key] = (rel, text)


# ---------------------------------------------------------------- helpers


def request(run, target, key=None):
    headers = {"X-Admin-Key": key} if key is not None else {}
    try:
        value = run.target.call(HANDLE, target, headers).value
    except TargetRaised as err:
        fail(f"handle({target!r}) raised {err.type_name}: {err.message}. The gateway must answer every request "
             "with a status: 400 for a path it cannot decode or will not serve.", traceback=err.traceback)
    if not (isinstance(value, (list, tuple)) and len(value) == 2 and isinstance(value[0], int)
            and isinstance(value[1], str)):
        fail(f"handle({target!r}) returned {value!r}; it must return (status, body), e.g. (404, 'not found').")
    return value[0], value[1]


def expect_doc(run, target, key, what):
    rel, text = run.data["docs"][key]
    status, body = request(run, target)
    if status != 200 or body != text:
        fail(f"GET {target} answered {status} instead of the document {rel!r} ({what}). "
             + ("It was refused: the check is stricter than the rules in task.md. "
                if 400 <= status < 500 and status != 404 else "")
             + ("Decode the path exactly once, then NFKC-normalise it, as the router always did."
                if status == 404 else "")
             + (" Note that the router ignores leading slashes, while a URL parser (urlsplit) reads "
                "//docs/… as a host name followed by a path." if status == 404 and target.startswith("//") else ""))


def attacks(check):
    """Attack checks: run.payload lists every target tried; a failure names the kind that got through."""
    def run_check(run):
        run.tried = []
        check(run)
        run.payload = "\n".join(run.tried)

    run_check.__name__ = check.__name__
    return run_check


def expect_refused(run, target, what, key=None):
    run.tried.append(target)
    run.payload = target
    status, body = request(run, target, key)
    d = run.data
    if d["members_secret"] in body:
        fail(f"{what} reached /admin/members without the admin key: the member list with its door codes came back.")
    if d["cfg_secret"] in body or d["key"] in body:
        fail(f"{what} read config/gateway.ini, outside site/docs: the admin key and the alarm code came back.")
    if not 400 <= status < 500:
        fail(f"{what} was answered with {status}; it must be refused with 400 (or 403 for the admin area).")


def fullwidth(text, rand=None, share=1.0):
    """ASCII letters, digits and punctuation as their full-width forms (U+FF01..U+FF5E)."""
    out = []
    for ch in text:
        swap = 0x21 <= ord(ch) <= 0x7E and (rand is None or rand.random() < share)
        out.append(chr(ord(ch) + 0xFEE0) if swap else ch)
    return "".join(out)


def enc(text):
    """Percent-encode everything that is not unreserved (UTF-8 for non-ASCII)."""
    return quote(text, safe="")


def spell_admin(run):
    """'admin' with at least one letter swapped for a compatibility form that NFKC folds back."""
    forms = {
        "fullwidth": lambda c: chr(ord(c) + 0xFEE0),
        "circled": lambda c: chr(0x24D0 + ord(c) - 0x61),  # ⓐ
        "bold": lambda c: chr(0x1D41A + ord(c) - 0x61),  # 𝐚
        "double-struck": lambda c: chr(0x1D552 + ord(c) - 0x61),  # 𝕒
        "fullwidth-capital": lambda c: chr(0xFF21 + ord(c) - 0x61),  # Ａ (the router lower-cases)
    }
    name = run.rand.choice(sorted(forms))
    letters = list("admin")
    picks = run.rand.sample(range(5), run.rand.randint(1, 5))
    for i in picks:
        letters[i] = forms[name](letters[i])
    return "".join(letters), name


# ---------------------------------------------------------------- functional


@functional("public-docs", "Documents can be read, nested or not, with any case of /docs/ and with a query")
def public_docs(run):
    d = run.data["docs"]
    expect_doc(run, f"/docs/{d['plain'][0]}", "plain", "a plain name")
    expect_doc(run, f"/docs/{quote(d['nested'][0])}", "nested", "a nested document, space as %20")
    expect_doc(run, f"/Docs/{d['plain'][0]}?v={run.rand.randint(2, 9)}", "plain", "/Docs/ and a query string")
    expect_doc(run, f"//docs/{quote(d['dots'][0])}", "dots", "dots inside a name are not '..'")


@functional("encoded-names", "Percent-encoded names are decoded: %20, UTF-8 (Fräse, 日本語), %2F, %25")
def encoded_names(run):
    d = run.data["docs"]
    expect_doc(run, f"/docs/{enc(d['unicode'][0])}", "unicode", "UTF-8 percent-encoded")
    expect_doc(run, f"/docs/{mixed_hex(run, d['unicode'][0])}", "unicode", "every byte encoded, hex digits in mixed case")
    expect_doc(run, f"/docs/{quote(d['cjk'][0])}", "cjk", "Japanese, percent-encoded")
    expect_doc(run, f"/docs/{enc(d['nested'][0])}", "nested", "the folder separator sent as %2F")
    expect_doc(run, f"/docs/{quote(d['percent'][0])}", "percent", "a literal % sent as %25")


@functional("decode-once", "Exactly one decoding: a name with a literal %2B is asked for as %252B")
def decode_once(run):
    d = run.data["docs"]
    for key in ("escape_like", "escape_like2"):
        rel, text = d[key]
        target = f"/docs/{quote(rel)}"
        status, body = request(run, target)
        if status != 200 or body != text:
            fail(f"GET {target} answered {status} instead of the document {rel!r}. Its name contains a literal "
                 f"{rel[rel.index('%'):rel.index('%') + 3]!r}, which a link carries as %25…; decoding twice turns "
                 "it into another character. Decode exactly once.")


@functional("compatibility-names", "Full-width letters and ligatures find the plain document (NFKC)")
def compatibility_names(run):
    d = run.data["docs"]
    rel = d["folded"][0]
    expect_doc(run, f"/docs/{enc(fullwidth(rel))}", "folded", "typed in full-width letters")
    expect_doc(run, f"/docs/{enc(fullwidth(rel, run.rand, 0.5))}", "folded", "partly full-width")
    expect_doc(run, f"/docs/{enc(rel.replace('fi', chr(0xFB01), 1))}", "folded", "with the ligature ﬁ")
    expect_doc(run, f"/{enc(fullwidth('docs'))}/{rel}", "folded", "the section name in full-width letters")


@functional("admin-with-key", "Administrators with the key see the member list (/admin/members, /ADMIN/…)")
def admin_with_key(run):
    d = run.data
    for target in ("/admin/members", "/ADMIN/members", f"/admin/members?sort={run.word()}",
                   f"/{enc('admin')}/members"):
        status, body = request(run, target, d["key"])
        if status != 200 or body != d["members"]:
            fail(f"GET {target} with the right X-Admin-Key answered {status} instead of the member list.")


@functional("admin-without-key", "Without the key, or with a wrong one, /admin/members is 403")
def admin_without_key(run):
    d = run.data
    for target, key in (("/admin/members", None), ("/admin/members", d["key"].upper()),
                        ("/admin/members", d["key"][:-1]), ("/admin/members", "")):
        status, body = request(run, target, key)
        if d["members_secret"] in body or status != 403:
            fail(f"GET {target} with {'no key' if key is None else 'a wrong key'} answered {status}; it must be "
                 "403 and must not show the member list.")


@functional("missing-docs", "A document that does not exist is 404")
def missing_docs(run):
    for target in (f"/docs/nothing-{run.token(3)}.md", f"/docs/machines/none-{run.token(2)}.md"):
        status, _ = request(run, target)
        if status != 404:
            fail(f"GET {target} answered {status}; a missing document is 404.")


# ---------------------------------------------------------------- attacks


@attack("plain-traversal", "Plain ../ out of site/docs and plain /admin without a key")
@attacks
def plain_traversal(run):
    expect_refused(run, "/docs/../../config/gateway.ini", "The path /docs/../../config/gateway.ini")
    expect_refused(run, "/docs/machines/../../../config/gateway.ini", "A ../ path from a subfolder")


@attack("absolute-path", "An absolute path after /docs/ (/docs//<folder>/config/gateway.ini)", hidden=True)
@attacks
def absolute_path(run):
    root = run.data["root"]
    expect_refused(run, f"/docs/{root}/config/gateway.ini", "An absolute path after /docs/")
    expect_refused(run, f"/docs/{mixed_hex(run, '/')}{root.lstrip('/')}/config/gateway.ini",
                   "An absolute path after /docs/, its first slash encoded")
    expect_refused(run, f"/docs/{enc(chr(0xFF0F))}{root.lstrip('/')}/config/gateway.ini",
                   "An absolute path after /docs/, its first slash full-width")


@attack("encoded-traversal", "Percent-encoded dots (the request from the incident report)")
@attacks
def encoded_traversal(run):
    expect_refused(run, "/docs/%2e%2e/%2e%2e/config/gateway.ini", "/docs/%2e%2e/%2e%2e/config/gateway.ini")


def mixed_hex(run, text):
    """Percent-encode each character of text with random upper/lower-case hex digits."""
    out = []
    for b in text.encode("utf-8"):
        h = f"{b:02x}"
        out.append("%" + "".join(c.upper() if run.rand.random() < 0.5 else c for c in h))
    return "".join(out)


@attack("encoded-variants", "Other encodings of ../: %2E%2E%2F, ..%2f, %2e./, .%2E/", hidden=True)
@attacks
def encoded_variants(run):
    up = lambda s: f"/docs/{s}{s}config/gateway.ini"
    for seg, what in ((mixed_hex(run, "../"), "A fully encoded ../ in mixed case"),
                      ("..%2f" if run.rand.random() < 0.5 else "..%2F", "Dots with an encoded slash"),
                      ("%2e./", "A half-encoded .."), (".%2E/", "The other half-encoded .."),
                      (mixed_hex(run, "..") + "/", "Encoded dots in mixed case")):
        expect_refused(run, up(seg), what)
    expect_refused(run, "/docs/" + mixed_hex(run, "../../config/gateway.ini"), "A completely encoded path")


@attack("encoded-admin", "/admin spelled with percent-escapes (%61dmin, %41DMIN)", hidden=True)
@attacks
def encoded_admin(run):
    letters = "admin"
    i = run.rand.randrange(5)
    expect_refused(run, f"/{letters[:i]}{mixed_hex(run, letters[i])}{letters[i + 1:]}/members", "One encoded letter of admin")
    expect_refused(run, f"/{mixed_hex(run, run.rand.choice(['admin', 'ADMIN', 'Admin']))}/members", "An encoded admin")
    expect_refused(run, f"/{mixed_hex(run, 'admin/members')}", "An encoded /admin/members")


@attack("double-encoding", "Double (and triple) encoding: %252e%252e%252f, %2561dmin", hidden=True)
@attacks
def double_encoding(run):
    once = lambda s: mixed_hex(run, s)
    twice = lambda s: "".join("%25" + p for p in once(s).split("%")[1:]) if s else ""
    expect_refused(run, f"/docs/{twice('../')}{twice('../')}config/gateway.ini", "A double-encoded ../")
    expect_refused(run, f"/docs/{twice('..')}/{twice('..')}/config/gateway.ini", "Double-encoded dots")
    expect_refused(run, f"/docs/%25{once('2e')}%25{once('2e')}%2f..%2fconfig%2fgateway.ini",
                   "A %2e whose own characters are encoded")
    expect_refused(run, f"/{twice('a')}dmin/members", "A double-encoded letter of admin")
    triple = "".join("%2525" + p for p in once("..").split("%")[1:])
    expect_refused(run, f"/docs/{triple}/{triple}/config/gateway.ini", "Triple-encoded dots")


@attack("fullwidth-admin", "/admin in full-width, circled or mathematical letters (NFKC folds them)", hidden=True)
@attacks
def fullwidth_admin(run):
    for _ in range(3):
        spelled, form = spell_admin(run)
        expect_refused(run, f"/{enc(spelled)}/members", f"/admin with {form} letters, percent-encoded")
    spelled, form = spell_admin(run)
    expect_refused(run, f"/{spelled}/members", f"/admin with {form} letters, sent as raw text")


@attack("fullwidth-dots", "Full-width dots and slashes and the two-dot leader (．．／, ‥)", hidden=True)
@attacks
def fullwidth_dots(run):
    variants = [("\uff0e\uff0e/", "Full-width dots (U+FF0E)"), ("\uff0e\uff0e\uff0f", "Full-width dots and slash (U+FF0F)"),
                ("..\uff0f", "A full-width slash after plain dots"), ("\u2025/", "A two-dot leader (U+2025)"),
                ("\ufe52\ufe52/", "Small full stops (U+FE52)"), (".\uff0e/", "One plain and one full-width dot")]
    for seg, what in run.rand.sample(variants, 4) + [variants[1]]:
        expect_refused(run, f"/docs/{enc(seg)}{enc(seg)}config/gateway.ini", f"{what}, percent-encoded")
    seg, what = run.rand.choice(variants)
    expect_refused(run, f"/docs/{seg}{seg}config/gateway.ini", f"{what}, sent as raw text")


@attack("overlong-utf8", "Overlong UTF-8 forms of . / and letters (%C0%AE, %E0%80%AE, %C1%A1dmin)", hidden=True)
@attacks
def overlong_utf8(run):
    def overlong(ch, size):
        v = ord(ch)
        if size == 2:
            raw = bytes([0xC0 | (v >> 6), 0x80 | (v & 0x3F)])
        else:
            raw = bytes([0xE0, 0x80 | (v >> 6), 0x80 | (v & 0x3F)])
        return "".join(f"%{b:02{run.rand.choice('xX')}}" for b in raw)

    size = run.rand.choice([2, 3])
    dot, slash = overlong(".", size), overlong("/", size)
    expect_refused(run, f"/docs/{dot}{dot}/{dot}{dot}/config/gateway.ini", f"{size}-byte overlong dots")
    expect_refused(run, f"/docs/..{slash}..{slash}config/gateway.ini", f"{size}-byte overlong slashes")
    expect_refused(run, f"/docs/{dot}.{slash}{dot}.{slash}config/gateway.ini", "Overlong dots and slashes mixed with plain ones")
    i = run.rand.randrange(5)
    letters = "admin"
    expect_refused(run, f"/{letters[:i]}{overlong(letters[i], 2)}{letters[i + 1:]}/members", "An overlong letter in admin")


@attack("mixed-case-admin", "/Admin, /ADMIN, /aDmIn without the key", hidden=True)
@attacks
def mixed_case_admin(run):
    for _ in range(3):
        spelled = "".join(c.upper() if run.rand.random() < 0.5 else c for c in "admin")
        if spelled == "admin":
            spelled = "Admin"
        expect_refused(run, f"/{spelled}/members", "/admin in other letter case")


@attack("slash-variants", "Extra slashes before admin (//admin, /%2Fadmin, /／admin)", hidden=True)
@attacks
def slash_variants(run):
    n = run.rand.randint(2, 4)
    expect_refused(run, "/" * n + "admin/members", "Several slashes before admin")
    expect_refused(run, f"/{mixed_hex(run, '/')}admin/members", "An encoded slash before admin")
    expect_refused(run, f"/{enc(chr(0xFF0F))}admin/members", "A full-width slash before admin")
    expect_refused(run, f"//{mixed_hex(run, 'ADMIN')}/members", "Two slashes and an encoded ADMIN")
