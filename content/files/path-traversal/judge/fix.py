"""Judge for the fix step of path-traversal.

Every run plants fresh documents inside storage/docs and fresh secrets around it, with
random names and contents:

    storage/docs/…                honest documents (nested, dotted, Unicode, encoded names)
    storage/<w>-<tok>.key         one level above the base folder
    storage/docs<sfx>/…           a sibling whose name starts with "docs" (prefix trick)
    config/<w>-<tok>.ini          two levels up; config/app-<tok>.ini is overwritten by attacks
    storage/docs/<links>          symbolic links inside the base that point outside it

Attack checks decide on outcomes the judge sees itself: the secret text did not come
back, and files outside storage/docs are byte-for-byte unchanged (read_file never
follows links). Names that leave the folder must also be refused with DocumentNameError
(or ValueError / PermissionError), not quietly looked up somewhere else. `open` evidence
only sharpens the message: a check that refuses after opening the secret still fails.
"""

import posixpath
from urllib.parse import quote

from pysec_judge import TargetRaised, attack, fail, functional, setup

READ = "app.docstore:read_document"
SAVE = "app.docstore:save_document"
LIST = "app.docstore:list_documents"
DOCS = "storage/docs"
# What task.md asks for (DocumentNameError subclasses ValueError); a learner's own
# subclass of one of these, defined in app.docstore, counts too (see is_refusal).
REFUSALS = ("DocumentNameError", "ValueError", "PermissionError")
LOOKUP_ERRORS = ("FileNotFoundError", "NotADirectoryError", "IsADirectoryError", "OSError")


# ---------------------------------------------------------------- per-run files


@setup
def plant(run):
    d = run.data
    tok = run.token(4)
    d["tok"] = tok
    # The folder the target runs in (/lab in the sandbox); used for absolute names.
    d["root"] = run.target.call("os:getcwd").value.rstrip("/") or "/lab"

    def doc(rel, text):
        run.target.write_file(f"{DOCS}/{rel}", text.encode("utf-8"))
        return text

    # Secrets outside the base folder.
    d["key"] = f"{run.word()}-{run.token(3)}.key"
    d["key_text"] = f"session signing key {run.flag()}\n"
    run.target.write_file(f"storage/{d['key']}", d["key_text"])
    d["cfg"] = f"{run.word()}-{run.token(3)}.ini"
    d["cfg_text"] = f"[database]\npassword = {run.flag()}\n"
    run.target.write_file(f"config/{d['cfg']}", d["cfg_text"])
    d["app_ini"] = f"app-{run.token(3)}.ini"
    d["app_ini_text"] = f"[smtp]\npassword = {run.flag()}\n"
    run.target.write_file(f"config/{d['app_ini']}", d["app_ini_text"])
    d["sibling"] = "docs" + run.rand.choice(["2", "-old", "_backup", "-archive", ".bak", "-private"]) + run.token(2)
    d["sib_file"] = f"{run.name().lower()}-{run.token(3)}.txt"
    d["sib_text"] = f"HR note, not for the team: {run.flag()}\n"
    run.target.write_file(f"storage/{d['sibling']}/{d['sib_file']}", d["sib_text"])
    d["secrets"] = [d["key_text"], d["cfg_text"], d["app_ini_text"], d["sib_text"]]

    # Honest documents.
    d["top"] = f"{run.word()}-{tok}.txt"
    d["top_text"] = doc(d["top"], f"Stand-up notes\n- {run.name()} ships the importer\n- {run.text(24)}\n")
    # Not 2023: the workspace ships reports/2023/, and list-folders wants a folder of its own.
    d["year"] = str(run.rand.choice([y for y in range(2016, 2031) if y != 2023]))
    d["quarter"] = f"q{run.rand.randint(1, 4)}-{tok}.txt"
    d["nested_text"] = doc(f"reports/{d['year']}/{d['quarter']}", f"Quarterly figures {run.text(16)}\n")
    d["nested_other"] = f"headcount-{tok}.csv"
    doc(f"reports/{d['year']}/{d['nested_other']}", "team,people\nsupport,4\n")
    d["dotted"] = {
        f"v1.2.notes-{tok}.txt": f"Release notes {run.text(12)}\n",
        f"..hidden-{tok}": f"A name that merely starts with two dots {run.text(12)}\n",
        f"release..{tok}.md": f"Two dots in the middle {run.text(12)}\n",
        f"{run.word()}..{tok}/summary.txt": f"In a folder with two dots in its name {run.text(12)}\n",
        f"{run.word()}.../todo.txt": f"In a folder ending in three dots {run.text(12)}\n",
    }
    for rel, text in d["dotted"].items():
        doc(rel, text)
    d["unicode"] = {
        f"Übersicht März {tok}.txt": "Umsätze und Kündigungen im März\n",
        f"日本語/メモ-{tok}.md": "会議のメモ: 金曜日にリリース\n",
        f"café/ménu-{tok}.txt": "Crêpes, œufs, thé — prix nets\n",
        f"Отчёт – {tok}.txt": "Квартальный отчёт 🚀\n",
    }
    for rel, text in d["unicode"].items():
        doc(rel, text)
    d["plain_names"] = {
        f"Q1 summary {tok}.txt": f"Spaces travel as %20 in links {run.text(10)}\n",
        f"100% done {tok}.txt": f"A literal percent sign travels as %25 {run.text(10)}\n",
        f"C++ notes {tok}.txt": f"Plus signs are not spaces in a path {run.text(10)}\n",
        f"reports/{d['year']}/plan #{tok}.txt": f"Hash signs travel as %23 {run.text(10)}\n",
    }
    for rel, text in d["plain_names"].items():
        doc(rel, text)

    # Symbolic links inside the base folder that lead out of it. write_file cannot make
    # links, so the target makes them with os.symlink (paths relative to its folder).
    def link(target, where):
        run.target.call("os:symlink", target, f"{DOCS}/{where}")

    d["link_key"] = f"{run.word()}-latest-{tok}.txt"
    link(f"../{d['key']}", d["link_key"])  # relative target, one level up
    d["link_cfg"] = f"reports/{d['year']}/{run.word()}-{tok}.ini"
    link(f"{d['root']}/config/{d['cfg']}", d["link_cfg"])  # absolute target
    d["link_dir"] = f"shared-{run.word()}-{tok}"
    link("../../config", d["link_dir"])  # a folder link: /lab/config
    d["link_sib_dir"] = f"reports/archive-{tok}"
    link(f"../../{d['sibling']}", d["link_sib_dir"])  # folder link to the sibling
    d["link_app_ini"] = f"{run.word()}-{tok}.link.txt"
    link(f"../../config/{d['app_ini']}", d["link_app_ini"])  # existing file, for writes
    d["dangling_new"] = f"created-{run.token(3)}.ini"
    d["link_dangling"] = f"draft-{run.word()}-{tok}.txt"
    link(f"{d['root']}/config/{d['dangling_new']}", d["link_dangling"])  # not there yet
    run.target.evidence()  # start the checks with an empty evidence log


# ---------------------------------------------------------------- helpers


def attempt(run, fn, *args):
    """("ok", value) or ("raised", type name, message). Hangs and crashes fail the check."""
    try:
        return "ok", run.target.call(fn, *args).value, ""
    except TargetRaised as err:
        return "raised", err.type_name, err.message


def call_text(fn, *args):
    shown = ", ".join(repr(a) if len(repr(a)) < 200 else repr(a)[:200] + "…" for a in args)
    return f"{fn.split(':')[1]}({shown})"


def leaked(run, value):
    text = value if isinstance(value, str) else repr(value)
    d = run.data
    names = (d["key"], d["cfg"], d["app_ini"], d["sib_file"], d["dangling_new"])
    return any(s in text for s in d["secrets"]) or any(n in text for n in names)


def leak_message(run, fn, what, value):
    if fn == LIST:
        return (f"{what} listed a folder outside storage/docs ({value!r}): whoever writes the link "
                "learns what is stored there.")
    text = value if isinstance(value, str) else repr(value)
    where = next((rel for rel, data in outside_files(run).items() if data.decode() in text), "a file")
    return f"{what} returned the contents of {where}, outside storage/docs: whoever writes the link can read it."


def outside_opens(run):
    """Evidence of opening one of the planted files outside storage/docs (absolute paths only:
    a relative path opened against a folder descriptor cannot be placed)."""
    d = run.data
    root = d["root"]
    watched = [f"{root}/storage/{d['key']}", f"{root}/config", f"{root}/storage/{d['sibling']}"]
    hits = []
    for event in run.target.evidence():
        path = str(event.get("path", "")) if event.get("event") == "open" else ""
        if not path.startswith("/"):
            continue
        norm = posixpath.normpath(path)
        if any(norm == w or norm.startswith(w + "/") for w in watched):
            hits.append({"path": path, "mode": event.get("mode")})
    return hits


def outside_files(run):
    d = run.data
    return {
        f"storage/{d['key']}": d["key_text"].encode(),
        f"config/{d['cfg']}": d["cfg_text"].encode(),
        f"config/{d['app_ini']}": d["app_ini_text"].encode(),
        f"storage/{d['sibling']}/{d['sib_file']}": d["sib_text"].encode(),
    }


def assert_untouched(run, what, new_files=()):
    """Planted files outside the base are unchanged and no new file appeared there."""
    for rel, before in outside_files(run).items():
        if run.target.read_file(rel) != before:
            # Put it back, so that the next checks judge their own attacks, not this one.
            run.target.write_file(rel, before)
            fail(f"{what} changed {rel}, a file outside storage/docs.")
    for rel in new_files:
        if run.target.read_file(rel) is not None:
            fail(f"{what} created {rel}, outside storage/docs.")


def probes(check):
    """Attack checks: the payload shown after a pass lists every name tried; a failure shows
    the one that got through (note() sets it just before each attempt)."""
    def run_check(run):
        run.tried = []
        check(run)
        run.payload = "\n".join(run.tried)

    run_check.__name__ = check.__name__
    return run_check


def note(run, fn, name):
    # Names with control characters (NUL) are shown as Python literals.
    shown = (repr(name) if any(ch < " " for ch in name) else name) if fn == READ else call_text(fn, name)
    run.tried.append(shown)
    run.payload = shown


def is_refusal(run, type_name):
    """DocumentNameError, ValueError, PermissionError, or a class of the learner's own in
    app.docstore that subclasses one of them (the wire only carries the class name, so
    ask the target; the answer is cached per name)."""
    if type_name in REFUSALS:
        return True
    cache = run.data.setdefault("refusal_types", {})
    if type_name not in cache:
        cache[type_name] = False
        try:
            mod = run.target.call("importlib:import_module", "app.docstore", keep=True).handle
            cls = run.target.call("builtins:getattr", mod, type_name, keep=True).handle
            builtins = run.target.call("importlib:import_module", "builtins", keep=True).handle
            for base in REFUSALS[1:]:
                base_cls = run.target.call("builtins:getattr", builtins, base, keep=True).handle
                if run.target.call("builtins:issubclass", cls, base_cls).value is True:
                    cache[type_name] = True
                    break
        except TargetRaised:
            pass  # not a class defined in app.docstore
    return cache[type_name]


def expect_refused(run, fn, *args, new_files=()):
    """The call must raise a refusal, leak nothing, write nothing outside, open nothing outside."""
    note(run, fn, args[0])
    run.target.evidence()
    status, value, message = attempt(run, fn, *args)
    opened = outside_opens(run)
    what = call_text(fn, *args)
    if status == "ok" and leaked(run, value):
        fail(leak_message(run, fn, what, value), evidence=opened)
    assert_untouched(run, what, new_files)
    if status == "ok":
        done = "saved the document" if fn == SAVE else "returned a result"
        fail(f"{what} {done} instead of refusing the name. A name that points outside storage/docs "
             "must raise DocumentNameError, never be quietly turned into another name.")
    if not is_refusal(run, value):
        if value in LOOKUP_ERRORS:
            fail(f"{what} raised {value}: {message}. The store went looking for the file: a name that points "
                 "outside storage/docs must be refused with DocumentNameError before any file is looked up.")
        fail(f"{what} raised {value}: {message}. Refuse such names with DocumentNameError (a ValueError) or a "
             "subclass of it, so that callers can tell a refused name from a failure.")
    if opened:
        fail(f"{what} was refused, but only after opening {opened[0]['path']}: check the name before "
             "touching the file system.", evidence=opened)


def expect_contained(run, fn, *args, new_files=()):
    """The name may be refused or may stay a harmless name inside the folder: only outcomes count."""
    note(run, fn, args[0])
    run.target.evidence()
    status, value, _ = attempt(run, fn, *args)
    opened = outside_opens(run)
    what = call_text(fn, *args)
    if status == "ok" and leaked(run, value):
        fail(leak_message(run, fn, what, value), evidence=opened)
    assert_untouched(run, what, new_files)
    if opened:
        fail(f"{what} opened {opened[0]['path']}, outside storage/docs.", evidence=opened)


def expect_value(run, fn, *args, want):
    status, value, message = attempt(run, fn, *args)
    what = call_text(fn, *args)
    if status == "raised":
        fail(f"{what} raised {value}: {message}. This is an honest name inside storage/docs.")
    if value != want:
        fail(f"{what} returned {value!r}, expected {want!r}.")


def roundtrip(run, name, text, on_disk):
    """Save, check the bytes on disk, read back through the store."""
    status, value, message = attempt(run, SAVE, name, text)
    if status == "raised":
        fail(f"save_document({name!r}, …) raised {value}: {message}. This is an honest name inside storage/docs.")
    got = run.target.read_file(f"{DOCS}/{on_disk}")
    if got != text.encode("utf-8"):
        fail(f"save_document({name!r}, …) did not store the text in {DOCS}/{on_disk}.")
    expect_value(run, READ, name, want=text)


# ---------------------------------------------------------------- functional


@functional("read-documents", "Documents at the top of the folder can be read")
def read_documents(run):
    d = run.data
    expect_value(run, READ, d["top"], want=d["top_text"])


@functional("nested-paths", "Documents in subfolders can be read and saved")
def nested_paths(run):
    d = run.data
    expect_value(run, READ, f"reports/{d['year']}/{d['quarter']}", want=d["nested_text"])
    rel = f"projects/{run.word()}-{d['tok']}/plans/draft.md"
    roundtrip(run, rel, f"# Plan\n{run.text(40)}\n", rel)


@functional("dotted-names", "Names with dots that do not climb out (v1.2.notes.txt, ..hidden) still work")
def dotted_names(run):
    for rel, text in run.data["dotted"].items():
        expect_value(run, READ, rel, want=text)
    rel = f"..draft-{run.token(3)}.txt"
    roundtrip(run, rel, f"Draft {run.text(20)}\n", rel)


@functional("unicode-names", "Unicode document names work, typed or percent-encoded")
def unicode_names(run):
    for rel, text in run.data["unicode"].items():
        expect_value(run, READ, rel, want=text)
        expect_value(run, READ, quote(rel), want=text)
    rel = f"Ärger/Straße {run.token(3)}.txt"
    roundtrip(run, quote(rel), f"Grüße aus Köln {run.text(10)}\n", rel)


@functional("percent-encoded-names", "Names from share links are decoded once (%20, %25, %2F, %23)")
def percent_encoded(run):
    d = run.data
    for rel, text in d["plain_names"].items():
        expect_value(run, READ, quote(rel, safe="/"), want=text)
    expect_value(run, READ, quote(f"reports/{d['year']}/{d['quarter']}", safe=""), want=d["nested_text"])
    # A name without any escape is its own link form.
    cpp = f"C++ notes {d['tok']}.txt"
    expect_value(run, READ, cpp, want=d["plain_names"][cpp])


@functional("save-and-read-back", "A saved document can be read back, and saving again replaces it")
def save_read_back(run):
    rel = f"{run.word()}-{run.token(3)}.txt"
    roundtrip(run, rel, f"First version {run.text(30)}\n", rel)
    roundtrip(run, rel, f"Second version\n{run.text(30)}\n", rel)


@functional("missing-document", "Reading a document that does not exist raises FileNotFoundError")
def missing_document(run):
    d = run.data
    for name in (f"{run.word()}-missing-{d['tok']}.txt", f"reports/{d['year']}/nope-{run.token(3)}.txt",
                 f"no-such-folder-{run.token(3)}/x.txt"):
        status, value, message = attempt(run, READ, name)
        if status == "ok":
            fail(f"read_document({name!r}) returned {value!r} for a document that does not exist.")
        if value != "FileNotFoundError":
            fail(f"read_document({name!r}) raised {value}: {message}. A document that is simply missing "
                 "should still raise FileNotFoundError, which the CLI and web front end turn into 'not found'.")


@functional("list-folders", "Folders can be listed, at the top and below")
def list_folders(run):
    d = run.data
    year_dir = f"reports/{d['year']}"
    want = sorted([d["quarter"], d["nested_other"], f"plan #{d['tok']}.txt"])
    # The folder also holds a link into config/ (planted for an attack check): a listing
    # may show its name or leave links out; either is fine.
    with_link = sorted(want + [d["link_cfg"].rsplit("/", 1)[1]])
    status, value, message = attempt(run, LIST, year_dir)
    if status == "raised":
        fail(f"list_documents({year_dir!r}) raised {value}: {message}.")
    if value not in (want, with_link):
        fail(f"list_documents({year_dir!r}) returned {value!r}, expected {want!r}.")
    status, value, message = attempt(run, LIST, "")
    if status == "raised":
        fail(f"list_documents('') raised {value}: {message}.")
    if not isinstance(value, list) or not {"reports/", d["top"], "welcome.md"} <= set(value):
        fail(f"list_documents('') should list the top level (reports/, welcome.md, {d['top']}, …); got {value!r}.")
    status, value, message = attempt(run, LIST, "reports%2F" + d["year"])
    if status == "raised" or value not in (want, with_link):
        fail(f"list_documents('reports%2F{d['year']}') should list the same folder as 'reports/{d['year']}'; "
             f"got {value if status == 'raised' else repr(value)}.")


# ---------------------------------------------------------------- attacks


@attack("dotdot-read", "Reading files outside the folder with ../")
@probes
def dotdot_read(run):
    d = run.data
    for name in (f"../{d['key']}",
                 f"../../config/{d['cfg']}",
                 f"reports/../../{d['key']}",
                 f"reports/{d['year']}/../../../../config/{d['cfg']}",
                 "../" * 12 + f"{d['root'].lstrip('/')}/config/{d['cfg']}"):
        expect_refused(run, READ, name)


@attack("dotdot-write", "Writing files outside the folder with ../")
@probes
def dotdot_write(run):
    d = run.data
    new = f"{run.word()}-{run.token(3)}.ini"
    expect_refused(run, SAVE, f"../../config/{new}", "[admin]\nuser = mallory\n", new_files=[f"config/{new}"])
    expect_refused(run, SAVE, f"../{d['key']}", "attacker's key\n")
    expect_refused(run, SAVE, f"reports/{d['year']}/../../../../config/{d['app_ini']}", "[smtp]\nrelay = evil\n")


@attack("absolute-paths", "Absolute paths instead of document names", hidden=True)
@probes
def absolute_paths(run):
    d = run.data
    root = d["root"]
    for name in (f"{root}/config/{d['cfg']}",
                 f"{root}/storage/{d['key']}",
                 f"/{root}/config/{d['cfg']}",  # //lab/…: POSIX keeps a leading double slash
                 f"{root}/storage/docs/../{d['key']}",
                 f"{root}/storage/{d['sibling']}/{d['sib_file']}"):
        expect_refused(run, READ, name)
    new = f"{run.word()}-{run.token(3)}.ini"
    expect_refused(run, SAVE, f"{root}/config/{new}", "[admin]\n", new_files=[f"config/{new}"])
    expect_refused(run, SAVE, f"{root}/config/{d['app_ini']}", "[smtp]\nrelay = evil\n")


@attack("encoded-traversal", "Percent-encoded ../ and / (..%2f, %2e%2e/, %2F…)", hidden=True)
@probes
def encoded_traversal(run):
    d = run.data
    root_enc = quote(d["root"], safe="")
    for name in (f"..%2f{d['key']}",
                 f"..%2F..%2Fconfig%2F{d['cfg']}",
                 f"%2e%2e/%2e%2e/config/{d['cfg']}",
                 f"%2E%2E%2F{quote(d['key'])}",
                 f"reports%2f..%2f..%2f{d['key']}",
                 f"{root_enc}%2Fconfig%2F{d['cfg']}"):
        expect_refused(run, READ, name)
    new = f"{run.word()}-{run.token(3)}.ini"
    expect_refused(run, SAVE, f"%2e%2e%2f%2e%2e%2fconfig%2f{new}", "[admin]\n", new_files=[f"config/{new}"])
    expect_refused(run, LIST, "%2e%2e%2f%2e%2e%2fconfig")


@attack("collapsed-dotdot", "Names that become ../ once a filter deletes ../ (....//, ..././)", hidden=True)
@probes
def collapsed_dotdot(run):
    # Inside the folder these are odd but harmless names ("...." is a valid folder name),
    # so a correct store may refuse them or look them up; either way nothing may escape.
    d = run.data
    for name in (f"....//{d['key']}", f"....//....//config/{d['cfg']}", f"..././{d['key']}",
                 f"....//{d['sibling']}/{d['sib_file']}"):
        expect_contained(run, READ, name)
    new = f"{run.word()}-{run.token(3)}.ini"
    expect_contained(run, SAVE, f"....//....//config/{new}", "[admin]\n", new_files=[f"config/{new}"])
    expect_contained(run, SAVE, f"..././..././config/{d['app_ini']}", "[smtp]\nrelay = evil\n")


@attack("sibling-prefix", "A sibling folder whose name starts like the base (docs vs docs-old)", hidden=True)
@probes
def sibling_prefix(run):
    d = run.data
    expect_refused(run, READ, f"../{d['sibling']}/{d['sib_file']}")
    expect_refused(run, READ, f"reports/../../{d['sibling']}/{d['sib_file']}")
    new = f"{run.word()}-{run.token(3)}.txt"
    expect_refused(run, SAVE, f"../{d['sibling']}/{new}", "planted\n", new_files=[f"storage/{d['sibling']}/{new}"])
    expect_refused(run, LIST, f"../{d['sibling']}")


@attack("symlink-read", "A link inside the folder that points to a file outside it", hidden=True)
@probes
def symlink_read(run):
    d = run.data
    expect_refused(run, READ, d["link_key"])
    expect_refused(run, READ, d["link_cfg"])


@attack("symlink-folder", "A folder link inside the folder that leads outside it", hidden=True)
@probes
def symlink_folder(run):
    d = run.data
    expect_refused(run, READ, f"{d['link_dir']}/{d['cfg']}")
    expect_refused(run, READ, f"{d['link_sib_dir']}/{d['sib_file']}")
    new = f"{run.word()}-{run.token(3)}.ini"
    expect_refused(run, SAVE, f"{d['link_dir']}/{new}", "[admin]\n", new_files=[f"config/{new}"])
    expect_refused(run, LIST, d["link_dir"])


@attack("symlink-write", "Saving through a link inside the folder that points outside it", hidden=True)
@probes
def symlink_write(run):
    d = run.data
    expect_refused(run, SAVE, d["link_app_ini"], "[smtp]\nrelay = evil\n")
    expect_refused(run, SAVE, d["link_dangling"], "[admin]\n", new_files=[f"config/{d['dangling_new']}"])


@attack("list-outside", "Listing folders outside the document folder", hidden=True)
@probes
def list_outside(run):
    d = run.data
    for folder in ("..", "../..", f"{d['root']}/config", "reports/../..", "%2e%2e"):
        expect_refused(run, LIST, folder)


@attack("nul-bytes", "NUL characters in names (..%2f…%00.txt)", hidden=True)
@probes
def nul_bytes(run):
    d = run.data
    for name in (f"../{d['key']}\0.txt", f"..%2f{quote(d['key'])}%00.txt", f"%00../../config/{d['cfg']}",
                 f"{d['top']}\0"):
        expect_refused(run, READ, name)
    new = f"{run.word()}-{run.token(3)}.ini"
    expect_refused(run, SAVE, f"../../config/{new}%00.txt", "[admin]\n", new_files=[f"config/{new}"])


@attack("odd-separators", "Backslashes, double encoding, overlong and full-width dots", hidden=True)
@probes
def odd_separators(run):
    # On Linux a backslash is an ordinary character and the store decodes exactly once, so
    # these are just strange names inside the folder: refusing them is fine, escaping is not.
    d = run.data
    key = d["key"]
    for name in (f"..\\{key}", f"..\\..\\config\\{d['cfg']}", f"..%5c{key}", f"..\\/{key}",
                 f"%252e%252e%252f{key}", f"..%c0%af{key}", f"%c0%ae%c0%ae%c0%af{key}",
                 f"\uff0e\uff0e\uff0f{key}", f"%uff0e%uff0e%u2215{key}", f"..;/{key}"):
        expect_contained(run, READ, name)
    new = f"{run.word()}-{run.token(3)}.ini"
    expect_contained(run, SAVE, f"..\\..\\config\\{new}", "[admin]\n", new_files=[f"config/{new}"])
    expect_contained(run, SAVE, f"%252e%252e%252f%252e%252e%252fconfig%252f{new}", "[admin]\n",
                     new_files=[f"config/{new}"])
