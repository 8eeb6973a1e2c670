"""Fix step of command-injection-apis.

Every run fills share/inbox/ with uploads whose names are honest but awkward (spaces,
quotes, $(...), backticks, leading dashes, line breaks, Unicode), with random contents.
Functional checks compare what each job produced with what the judge knows. Attack checks
plant uploads (and call jobs) whose names carry a command that would create a marker file;
they fail when that file appears anywhere in the studio's folders. The last check reads
the evidence of how the jobs ran: only the admin's after-backup command may use a shell.
"""

import ast
import hashlib
import shlex
import io
import re
import tarfile

from pysec_judge import TargetRaised, attack, fail, functional, setup

MOD = "app.housekeeping"
INBOX = "share/inbox"
DEMO = {"brief - spring campaign.txt", "O'Neill print order.csv"}
WHERE = ("", "share/inbox/", "share/archive/", "backups/", "share/")
# A shell program anywhere in a recorded argv (a repr of a list): sh -c, sh -ec, sh -s reading
# the command line from stdin, env sh -c ...
_SHELL_C = re.compile(r"""(?:^[\[(]|,\s*)['"](?:[^'"]*/)?(?:sh|bash|dash|zsh|ksh|ash|busybox)['"]""")
# The admin's after-backup command (config/housekeeping.ini), the one shell command line allowed.
HOOK = "sha256sum -- {archive} >> SHA256SUMS"

AWKWARD = (
    "Q3 report (final) {t}.pdf",
    "O'Brien's invoice {t}.txt",
    'quote "this" {t}.txt',
    "$(not a command) {t}.txt",
    "-leading dash {t}.txt",
    "--help {t}.txt",
    "semi;colon & amp {t}.txt",
    "line\nbreak {t}.txt",
    "tab\there {t}.txt",
    "Grüße 日本 {t}.txt",
    "`uname` {t}.txt",
    "*star? [x] {t}.txt",
    "back\\slash {t}.txt",
    "$HOME and ${{PATH}} {t}.txt",
    " spaces around {t}.txt ",
    "a|pipe>redirect<{t}.txt",
)


@setup
def seed(run):
    uploads = {}
    for pattern in AWKWARD:
        name = pattern.format(t=run.token(2))
        lines = [run.text(run.rand.randint(0, 30)) for _ in range(run.rand.randint(1, 7))]
        uploads[name] = ("\n".join(lines) + "\n").encode()
    for name, data in uploads.items():
        run.target.write_file(f"{INBOX}/{name}", data)
    run.data["uploads"] = uploads
    run.target.preload(MOD)


# ---------------------------------------------------------------- helpers


def _call(run, fn, *args):
    try:
        return "ok", run.target.call(f"{MOD}:{fn}", *args, timeout=5).value
    except TargetRaised as err:
        return "raised", err


def _honest(run, fn, *args):
    status, value = _call(run, fn, *args)
    if status == "raised":
        run.details["traceback"] = value.traceback
        fail(f"{fn}({', '.join(repr(a) for a in args)}) raised {value.type_name}: {value.message}. "
             "This is an honest upload; its name is odd, but it is only a name.")
    return value


def _marker(run):
    return f"pwned-{run.token(4)}"


def _appeared(run, marker):
    return any(run.target.read_file(where + marker) is not None for where in WHERE)


def _touch(run, marker):
    """A command that creates `marker` in the current folder, without a slash."""
    return run.rand.choice((f"touch {marker}", f"echo {run.word()} > {marker}", f"id > {marker}",
                            f": > {marker}", f"printf x > {marker}", f"date>{marker}"))


def _read_tar(data):
    members = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
        for m in tar.getmembers():
            if m.isfile():
                name = m.name[2:] if m.name.startswith("./") else m.name
                members[name] = tar.extractfile(m).read()
    return members


def _attack_call(run, fn, arg, message, marker):
    run.payload = f"{fn}({arg!r})"
    status, value = _call(run, fn, arg)
    if _appeared(run, marker):
        fail(message)
    if status == "raised" and not (value.is_a("builtins.OSError") or value.is_a("builtins.ValueError")):
        run.details["traceback"] = value.traceback
        fail(f"{fn}() on an upload with a hostile name raised {value.type_name}: {value.message}. Nothing ran, "
             "but a program that trips over a name like this one is not finished: use the Python API for the job.")
    return status, value


# ---------------------------------------------------------------- honest use


@functional("archive-awkward-names", "Uploads with awkward names are copied to the archive, byte for byte")
def archive_awkward(run):
    for name, data in run.data["uploads"].items():
        _honest(run, "archive_upload", name)
        got = run.target.read_file(f"share/archive/{name}")
        if got != data:
            fail(f"archive_upload({name!r}) did not put an exact copy in share/archive/ "
                 f"({'nothing there' if got is None else 'the bytes differ'}). A name is only a name, whatever "
                 "characters it has: shutil.copy2(INBOX / name, ARCHIVE / name) copies exactly that file.")


@functional("count-lines", "Lines are counted correctly, whatever the file is called")
def count_lines(run):
    uploads = run.data["uploads"]
    for name in run.rand.sample(sorted(uploads), 4) + [n for n in uploads if "\n" in n]:
        want = uploads[name].count(b"\n")
        got = _honest(run, "count_lines", name)
        if got != want:
            fail(f"count_lines({name!r}) returned {got!r}; the file has {want} lines.")


@functional("list-uploads", "All uploads are listed with their exact names, even with a line break in one")
def list_uploads(run):
    want = sorted(set(run.data["uploads"]) | DEMO)
    got = _honest(run, "list_uploads")
    if not isinstance(got, list) or sorted(got) != want:
        extra = sorted(set(got or []) - set(want))[:4] if isinstance(got, list) else got
        missing = sorted(set(want) - set(got or []))[:4] if isinstance(got, list) else []
        fail("list_uploads() did not return the exact file names. "
             f"Missing: {missing!r}; unexpected: {extra!r}. Parsing the output of ls breaks on names with a line "
             "break (and ls may quote or escape them); os.listdir / os.scandir / Path.iterdir return the real names.")


@functional("missing-upload", "A name that is not in the inbox raises FileNotFoundError")
def missing_upload(run):
    name = f"not uploaded {run.token(3)}.pdf"
    for fn in ("archive_upload", "count_lines"):
        status, value = _call(run, fn, name)
        if status == "ok" or not value.is_a("builtins.OSError"):
            what = f"returned {value!r}" if status == "ok" else f"raised {value.type_name}: {value.message}"
            fail(f"{fn}({name!r}) {what}. For an upload that doesn't exist it should raise FileNotFoundError, "
                 "so the admin page can say so (a failed cp or wc inside a shell is easy to miss).")


def _backup(run, label):
    archive = _honest(run, "make_backup", label)
    if archive != f"{label}.tar.gz":
        fail(f"make_backup({label!r}) returned {archive!r}; it should return the archive's file name, "
             f"{label + '.tar.gz'!r}.")
    data = run.target.read_file(f"backups/{archive}")
    if data is None:
        fail(f"make_backup({label!r}) did not write backups/{archive}.")
    return archive, data


@functional("backup-contents", "A backup holds every upload under its own name, with its contents")
def backup_contents(run):
    label = f"{run.name()}'s files – {run.word()} {run.rand.randint(1, 52)}"
    archive, data = _backup(run, label)
    try:
        members = _read_tar(data)
    except (tarfile.TarError, OSError, EOFError) as err:
        fail(f"backups/{archive} is not a readable .tar.gz archive ({err}).")
    run.data["backup"] = (archive, data)
    for name, content in run.data["uploads"].items():
        if members.get(name) != content:
            fail(f"The backup is missing the upload {name!r} (or its contents differ). Every upload belongs in it, "
                 "stored under its own name; tarfile.open(path, 'w:gz') and tar.add(INBOX / name, arcname=name) do "
                 f"exactly that. The archive holds: {sorted(members)[:6]!r}…")


@functional("backup-checksum", "The admin's after-backup command still runs, and gets the archive's name")
def backup_checksum(run):
    if "backup" not in run.data:
        label = f"{run.word()} {run.token(2)} (weekly)"
        run.data["backup"] = _backup(run, label)
    archive, data = run.data["backup"]
    digest = hashlib.sha256(data).hexdigest()
    sums = run.target.read_file("backups/SHA256SUMS") or b""
    if digest.encode() not in sums:
        fail(f"After make_backup() wrote {archive!r}, the admin's command (sha256sum -- {{archive}} >> SHA256SUMS) "
             "did not record its checksum in backups/SHA256SUMS. That command is the admin's shell command line: run "
             "it with the shell as before, and put the archive name in with shlex.quote() so that it stays one word.")


# ---------------------------------------------------------------- attacks


@attack("archive-injection", "An upload whose name holds $(...) does not run a command when archived")
def archive_injection(run):
    marker = _marker(run)
    name = f"brief $({_touch(run, marker)}).txt"
    run.target.write_file(f"{INBOX}/{name}", b"hello\n")
    _attack_call(run, "archive_upload", name,
                 "Archiving an upload named like  brief $(touch …).txt  ran the command in it: the file name went "
                 "into a shell command line. Copy with shutil.copy2, which never starts a shell.", marker)


def _hostile_names(run, marker, substitution):
    """A hostile upload name: a substitution ($( ) or backticks, which run even inside double
    quotes) or a separator / broken quote (which need the name to be unquoted or badly quoted)."""
    cmd = _touch(run, marker)
    if substitution:
        return run.rand.choice([f"`{cmd}`.pdf", f"inv $({cmd}) 2024.pdf", f"a$({cmd})b.txt"])
    return run.rand.choice([f"x;{cmd};.txt", f"a.txt || {cmd} || b", f"notes\n{cmd}\n.txt",
                            f"'; {cmd}; '.txt", f'"; {cmd}; ".txt', f"photo.jpg | {cmd}"])


@attack("archive-variants", "Other hostile upload names: ; && | ` newlines and broken quotes", hidden=True)
def archive_variants(run):
    for substitution in (True, False):
        marker = _marker(run)
        name = _hostile_names(run, marker, substitution)
        run.target.write_file(f"{INBOX}/{name}", b"data\n")
        _attack_call(run, "archive_upload", name,
                     "Archiving an upload with a hostile name ran a command. Quoting the name by hand breaks as soon "
                     "as the name has that quote in it; shutil.copy2 needs no quoting at all.", marker)


@attack("count-injection", "Counting lines of a hostile upload does not run a command", hidden=True)
def count_injection(run):
    for substitution in (True, False):
        marker = _marker(run)
        name = _hostile_names(run, marker, substitution)
        run.target.write_file(f"{INBOX}/{name}", b"one\ntwo\n")
        status, value = _attack_call(run, "count_lines", name,
                                     "Counting the lines of an upload with a hostile name ran a command: the name "
                                     "went into the wc command line. Open the file and count in Python.", marker)
        if status == "ok" and value != 2:
            fail(f"count_lines() returned {value!r} for a two-line upload with an unusual name.")


def _clear_dash_names(run):
    """Honest uploads whose names start with - already make a careless tar stop with "unknown option";
    an attacker wouldn't upload those, so they go before the tar checks."""
    for name in [n for n in run.data["uploads"] if n.startswith("-")]:
        try:
            run.target.call("os:remove", f"{INBOX}/{name}")
        except TargetRaised:
            pass
        run.data["uploads"].pop(name)


@attack("tar-option-files", "Uploads named like tar options (--checkpoint-action=exec=…) run nothing during a backup")
def tar_option_files(run):
    _clear_dash_names(run)
    marker = _marker(run)
    script = f"{run.word()}-notes-{run.token(2)}.sh"
    run.target.write_file(f"{INBOX}/{script}", f"touch ../../{marker}\n")
    run.target.write_file(f"{INBOX}/--checkpoint=1", b"")
    run.target.write_file(f"{INBOX}/--checkpoint-action=exec=sh {script}", b"")
    run.payload = f"uploads named '--checkpoint=1' and '--checkpoint-action=exec=sh {script}', then make_backup(...)"
    status, value = _call(run, "make_backup", f"nightly-{run.token(2)}")
    if _appeared(run, marker):
        fail("Two uploads named --checkpoint=1 and --checkpoint-action=exec=sh … made tar run a script during the "
             "backup. The shell's * pasted the file names into tar's command line, and tar read them as options. "
             "This is argument injection: no shell character needed, and quoting each name doesn't help (a list "
             "without -- has the same problem). Write the archive with the tarfile module, or end tar's options "
             "with -- before the names.")
    if status == "raised":
        run.details["traceback"] = value.traceback
        fail(f"make_backup() raised {value.type_name}: {value.message} when some uploads have names that look like "
             "tar options. They are ordinary files and belong in the backup.")


@attack("tar-option-variants", "Other option-shaped upload names during a backup", hidden=True)
def tar_option_variants(run):
    _clear_dash_names(run)
    marker = _marker(run)
    names = [run.rand.choice(("--checkpoint=1", "--checkpoint=2", "--checkpoint")),
             f"--checkpoint-action=exec={_touch(run, marker)}"]
    for name in names:
        run.target.write_file(f"{INBOX}/{name}", b"")
    run.payload = f"uploads named {names!r}, then make_backup(...)"
    _call(run, "make_backup", f"{run.word()}-{run.token(2)}")
    if _appeared(run, marker):
        fail("Uploads whose names are tar options made tar run a command during the backup. Pass file names to a "
             "program only after --, or don't start a program for the job at all (tarfile).")


@attack("label-injection", "A backup label cannot run a command", hidden=True)
def label_injection(run):
    marker = _marker(run)
    cmd = _touch(run, marker)
    label = run.rand.choice((f"nightly; {cmd} #", f"weekly;{cmd};x", f"q3 | {cmd} #", f"daily\n{cmd}\n#"))
    _attack_call(run, "make_backup", label,
                 "A backup label with a command in it ran that command (in the tar command line, or in the admin's "
                 "after-backup command).", marker)


@attack("hook-injection", "The archive name is quoted for the after-backup command", hidden=True)
def hook_injection(run):
    # One substitution (runs against an unquoted name) and one quote-breaker (runs against a
    # name quoted by hand) every time, so each kind of wrong quoting fails on every run.
    makers = (
        lambda cmd: run.rand.choice((f"weekly $({cmd})", f"q3 `{cmd}`", f"a$({cmd})b")),
        lambda cmd: run.rand.choice((f"x'; {cmd}; '", f'x"; {cmd}; "')),
    )
    for make in makers:
        marker = _marker(run)
        label = make(_touch(run, marker))
        _attack_call(run, "make_backup", label,
                     "A backup label holding $(...), backticks or a quote ran a command through the admin's "
                     "after-backup command. That command line needs a shell, so the archive name must be quoted for "
                     "it: command.format(archive=shlex.quote(archive)). Quotes of your own break on the first name "
                     "that contains that quote, and $(...) still runs inside double quotes.", marker)


def _is_hook(raw, hooks):
    """True when a recorded shell start runs exactly the admin's command for this backup, and nothing else."""
    try:
        argv = ast.literal_eval(raw)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return False
    if isinstance(argv, (list, tuple)) and len(argv) == 2 and isinstance(argv[1], (list, tuple)):
        argv = argv[1]  # os.exec / posix_spawn: (path, argv, env)
    if not isinstance(argv, (list, tuple)):
        return False
    strings = [a for a in argv if isinstance(a, str)]
    return bool(strings) and strings[-1].strip() in hooks


@attack("shell-only-for-hook", "Only the admin's after-backup command goes through a shell")
def shell_only_for_hook(run):
    uploads = run.data["uploads"]
    name = sorted(uploads)[0]
    run.target.evidence()
    label = f"{run.word()}-{run.token(2)}"
    for fn, args in (("archive_upload", (name,)), ("count_lines", (name,)), ("list_uploads", ()),
                     ("make_backup", (label,))):
        _call(run, fn, *args)
    archive = f"{label}.tar.gz"
    hooks = {HOOK.format(archive=q) for q in (archive, shlex.quote(archive), f"'{archive}'", f'"{archive}"')}
    found = []
    for e in run.target.evidence():
        raw = str(e.get("args", ""))
        if e.get("event") == "os.system" or (e.get("event") in ("subprocess.Popen", "os.posix_spawn", "os.exec")
                                             and (_SHELL_C.search(raw[:600])
                                                  or _SHELL_C.search(f"[{e.get('executable', '')!r}"))):
            if not _is_hook(raw, hooks):
                found.append({"event": e.get("event"), "args": raw[:300]})
    if found:
        fail("A job other than the admin's after-backup command still runs a shell command line (os.system, "
             "os.popen, shell=True or a shell program started by hand). Copying, counting, listing and archiving are all in Python's standard "
             "library (shutil, open, os.scandir, tarfile); with those, no file name is ever read by a shell.",
             evidence=found[:5])
