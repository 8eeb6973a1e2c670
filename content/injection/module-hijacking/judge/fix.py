"""Fix step: reports still work, and nothing in a job folder is ever imported by the tool.

Every attack plants modules in a job folder, most through upload() (the web form) and one
straight into the folder (the shared drive), then asks for a report. A planted module
writes a marker file outside the job folder when it runs; the judge reads that file
itself. A marker, or the signing key in the reply, fails the check. The argv of the
processes the runner started (subprocess evidence) only sharpens the message.
"""

import ast
import posixpath

import expenses
from pysec_judge import TargetRaised, attack, fail, functional, setup

UPLOAD = "app.portal:upload"
REPORT = "app.portal:request_report"
LIST = "app.portal:list_files"
DOWNLOAD = "app.portal:download"
KEY_FILE = "instance/report.key"
REPORT_TIMEOUT = 15

# Standard modules the tool imports, directly or through statistics and friends, that are
# not loaded yet when Python starts (so a file in the search path wins).
SHADOWABLE = ("csv", "json", "hmac", "hashlib", "decimal", "pathlib", "random", "fractions", "numbers",
              "bisect", "fnmatch")


@setup
def seed(run):
    run.data["key"] = run.flag()
    run.target.write_file(KEY_FILE, run.data["key"] + "\n")
    run.data["root"] = run.target.call("os:getcwd").value.rstrip("/") or "/lab"
    run.target.evidence()


# ---------------------------------------------------------------- helpers


def _report(run, job):
    try:
        return run.target.call(REPORT, job, timeout=REPORT_TIMEOUT).value
    except TargetRaised as err:
        run.details["traceback"] = err.traceback
        extra = ""
        if "No module named report_tool" in err.message:
            extra = (" The tool was not found: -I and -E ignore PYTHONPATH, which is how `-m report_tool` found it. "
                     "Start it by its full path instead.")
        elif "REPORT_SIGNING_KEY" in err.message:
            extra = " The tool did not get REPORT_SIGNING_KEY: a clean environment must still hold what the tool needs."
        fail(f"Building the report for job {job!r} failed with {err.type_name}: {err.message[:1500]}{extra}")


def _upload(run, job, name, data):
    try:
        return run.target.call(UPLOAD, job, name, data).value
    except TargetRaised as err:
        fail(f"Uploading {name!r} to job {job!r} failed with {err.type_name}: {err.message}. Honest uploads "
             "must keep working.")


def _check_report(run, job, result, items, files):
    if not isinstance(result, dict) or not isinstance(result.get("report"), dict):
        fail(f"request_report({job!r}) should return {{'report': {{...}}, 'signature': '...'}}; it returned {result!r:.300}.")
    report = result["report"]
    want = expenses.expected(items)
    for field in ("rows", "total", "by_category"):
        if report.get(field) != want[field]:
            fail(f"The report for job {job!r} has {field} = {report.get(field)!r}, expected {want[field]!r}.")
    if sorted(report.get("files", [])) != sorted(files):
        fail(f"The report for job {job!r} lists the files {report.get('files')!r}, expected {sorted(files)!r}.")
    if result.get("signature") != expenses.signature(report, run.data["key"]):
        fail(f"The report for job {job!r} is not signed with the finance team's key (the signature does not "
             "match). The tool still needs REPORT_SIGNING_KEY in its environment: a clean environment is one "
             "that contains exactly what the tool needs.")


def _argv(run):
    return [e.get("args", "") for e in run.target.evidence() if e.get("event") == "subprocess.Popen"]


def _hijack(run, job, plants, what, direct=False):
    """Plants {relative name: (bytes, marker)} in the job and builds a report."""
    root = run.data["root"]
    text, items = expenses.csv_file(run)
    _upload(run, job, f"receipts-{run.token(2)}.csv", text)
    for name, (data, _marker) in plants.items():
        if direct:
            run.target.write_file(f"jobs/{job}/{name}", data)
        else:
            try:
                run.target.call(UPLOAD, job, name, data)
            except TargetRaised:
                pass  # the portal refused this one upload; the others still count
    run.target.evidence()
    try:
        value, raised = run.target.call(REPORT, job, timeout=REPORT_TIMEOUT).value, None
    except TargetRaised as err:
        value, raised = None, err
    started = _argv(run)
    how = f" Your runner started: {started[-1]}." if started else ""
    for marker in {m for _, m in plants.values()}:
        proof = run.target.read_file(marker[len(root) + 1:])
        if proof is not None:
            fail(f"{what} was imported by the report tool and ran with the tool's rights"
                 f"{' and the signing key' if run.data['key'] in proof.decode('utf-8', 'replace') else ''}.{how} "
                 "Whatever Python finds first on sys.path wins, and the job folder came first. Start the tool so that "
                 "no folder users can write to is on its import path (e.g. python -I /full/path/report_tool.py), "
                 "rather than filtering what users may store.", evidence=started)
    seen = repr(value) if raised is None else raised.message
    if run.data["key"] in seen:
        fail(f"{what} got the signing key back in the portal's answer.{how}")


def _marker(run, tag):
    return f"{run.data['root']}/proof-{tag}-{run.token(4)}.txt"


def _module(run, name, tag):
    marker = _marker(run, tag)
    return marker, expenses.planted_source(marker).encode()


# ---------------------------------------------------------------- honest use


@functional("report-totals", "A job's report adds up its receipts and is signed with the key")
def report_totals(run):
    job = expenses.job_name(run)
    files, items = [], []
    for _ in range(2):
        name = f"{run.word()}-{run.rand.randint(1, 12):02d}.csv"
        text, rows = expenses.csv_file(run)
        _upload(run, job, name, text)
        files.append(name)
        items += rows
    _check_report(run, job, _report(run, job), items, files)


@functional("nested-and-unicode", "Subfolders, spaces and non-ASCII file names are reported")
def nested_and_unicode(run):
    job = expenses.job_name(run, "team")
    files, items = [], []
    for name in (f"receipts/{run.rand.randint(2019, 2030)}/März {run.token(2)}.csv",
                 f"Café notes {run.word()}.csv", f"receipts/{run.word()} – q{run.rand.randint(1, 4)}.csv"):
        text, rows = expenses.csv_file(run)
        _upload(run, job, name, text)
        files.append(name)
        items += rows
    keep = {"README.txt": "Receipts for the roof repair, ask Dagny.\n",
            f"photos/{run.word()} receipt.jpg": "\xff\xd8\xff\xe0 not really a photo\n",
            f"scripts/{run.word()}_hours.py": "# a member's own helper script, never run by the portal\n"}
    for name, text in keep.items():
        _upload(run, job, name, text)
    _check_report(run, job, _report(run, job), items, files)
    names = run.target.call(LIST, job).value
    gone = [name for name in keep if name not in (names or [])]
    if gone:
        fail(f"Building the report deleted files the members had stored in job {job!r}: {gone!r}. A job folder holds "
             "whatever the members keep there; the fix belongs in how the tool is started (its import path), not in "
             "clearing out the folder first (which also loses the race against the shared drive).")


@functional("saved-report", "The report is saved as report.json in the job folder")
def saved_report(run):
    job = expenses.job_name(run)
    text, items = expenses.csv_file(run)
    _upload(run, job, "expenses.csv", text)
    result = _report(run, job)
    names = run.target.call(LIST, job).value
    if "report.json" not in names:
        fail(f"After building the report, job {job!r} holds {names!r}; report.json is missing.")
    import json

    saved = json.loads(run.target.call(DOWNLOAD, job, "report.json").value)
    if saved != result:
        fail("report.json does not hold the report that request_report() returned.")


@functional("separate-jobs", "Each job's report covers only its own folder")
def separate_jobs(run):
    jobs = [expenses.job_name(run, "a"), expenses.job_name(run, "b")]
    data = {}
    for job in jobs:
        text, items = expenses.csv_file(run)
        _upload(run, job, "claims.csv", text)
        data[job] = items
    for job in jobs:
        _check_report(run, job, _report(run, job), data[job], ["claims.csv"])


# ---------------------------------------------------------------- hijacking


@attack("shadow-statistics", "A statistics.py uploaded to a job is not imported")
def shadow_statistics(run):
    job = expenses.job_name(run, "evil")
    marker, source = _module(run, "statistics", "statistics")
    _hijack(run, job, {"statistics.py": (source, marker)}, "An uploaded statistics.py")


@attack("shadow-imports", "Other uploaded standard-library names are not imported", hidden=True)
def shadow_imports(run):
    job = expenses.job_name(run, "evil")
    plants = {}
    for name in run.rand.sample(SHADOWABLE, 4):
        marker, source = _module(run, name, "mod")
        plants[f"{name}.py"] = (source, marker)
    run.payload = ", ".join(plants)
    _hijack(run, job, plants, "An uploaded module named like one the tool imports (directly or through another "
            "standard module)")


@attack("package-folder", "A package folder (name/__init__.py) in a job is not imported", hidden=True)
def package_folder(run):
    job = expenses.job_name(run, "evil")
    plants = {}
    for name in run.rand.sample(SHADOWABLE, 2):
        marker, source = _module(run, name, "pkg")
        plants[f"{name}/__init__.py"] = (source, marker)
    run.payload = ", ".join(plants)
    _hijack(run, job, plants, "An uploaded package folder named like a standard module")


@attack("sourceless-pyc", "A compiled .pyc module in a job is not imported", hidden=True)
def sourceless_pyc(run):
    job = expenses.job_name(run, "evil")
    plants = {}
    for name in run.rand.sample(SHADOWABLE, 2) + ["statistics"]:
        marker, source = _module(run, name, "pyc")
        plants[f"{name}.pyc"] = (expenses.pyc(source.decode(), f"{name}.py"), marker)
    run.payload = ", ".join(plants)
    _hijack(run, job, plants, "An uploaded compiled module (.pyc, no .py needed)")


@attack("tool-itself", "A report_tool.py in a job does not replace the tool", hidden=True)
def tool_itself(run):
    job = expenses.job_name(run, "evil")
    marker, source = _module(run, "report_tool", "tool")
    marker2, source2 = _module(run, "contextlib", "early")
    plants = {"report_tool.py": (source, marker), "contextlib.py": (source2, marker2)}
    run.payload = ", ".join(plants)
    _hijack(run, job, plants, "An uploaded report_tool.py (or a module Python loads before the tool's first line)")


@attack("shared-drive", "Modules dropped into the folder without the web form are not imported", hidden=True)
def shared_drive(run):
    job = expenses.job_name(run, "evil")
    plants = {}
    for name in run.rand.sample(SHADOWABLE, 2) + ["statistics"]:
        marker, source = _module(run, name, "drive")
        plants[f"{name}.py"] = (source, marker)
    run.payload = ", ".join(plants)
    _hijack(run, job, plants, "A module copied into the job folder over the shared drive (not through upload())",
            direct=True)


# ---------------------------------------------------------------- how the tool was started


def _import_path_problem(event, job):
    """Why this recorded process start puts the job folder on Python's import path, or None."""
    try:
        argv = ast.literal_eval(str(event.get("args", "")))
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(argv, (list, tuple)) or not argv or "python" not in posixpath.basename(str(argv[0])):
        return None
    cwd = str(event.get("cwd") or "")
    env = event.get("env")
    flags, mode, script, i = set(), None, None, 1
    while i < len(argv):
        a = str(argv[i])
        if a in ("-W", "-X"):
            i += 2
            continue
        if a.startswith("-m") or a.startswith("-c"):
            mode = a[:2]
            break
        if a == "--":
            script = str(argv[i + 1]) if i + 1 < len(argv) else None
            break
        if a.startswith("-") and not a.startswith("--") and len(a) > 1:
            flags |= set(a[1:])
            i += 1
            continue
        script = a
        break

    def in_job(path):
        path = posixpath.normpath(path)
        return f"/jobs/{job}/" in path + "/" or path.startswith(f"jobs/{job}")

    if not flags & {"I", "P"} and not (isinstance(env, dict) and env.get("PYTHONSAFEPATH") and "E" not in flags):
        if mode and in_job(cwd):
            return f"python {mode} … started in the job folder puts that folder first on sys.path"
        if script and in_job(posixpath.join(cwd, posixpath.dirname(script))):
            return "a script started from inside the job folder puts that folder first on sys.path"
    if isinstance(env, dict) and not flags & {"I", "E"} and any(f"jobs/{job}" in str(env.get(v, ""))
                                                                for v in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")):
        return "PYTHONPATH (or another PYTHON* variable) names the job folder"
    return None


@attack("job-folder-off-path", "The tool is started so that the job folder is not on its import path")
def job_folder_off_path(run):
    job = expenses.job_name(run)
    text, items = expenses.csv_file(run)
    _upload(run, job, "claims.csv", text)
    run.target.evidence()
    _check_report(run, job, _report(run, job), items, ["claims.csv"])
    for event in run.target.evidence():
        if event.get("event") != "subprocess.Popen":
            continue
        problem = _import_path_problem(event, job)
        if problem:
            fail(f"Your runner started {event.get('args')!s:.300} in {event.get('cwd')}: {problem}. Whatever is in that "
                 "folder when the tool starts can replace any module it imports; deleting or refusing the files you "
                 "know about only blocks the names you thought of, and the shared drive can add more at any moment. "
                 "Start the tool so that the job folder is never on its path: python -I /full/path/report_tool.py "
                 "(or -P), or run it from the tools folder and pass the job folder as an argument.",
                 evidence=[{"args": str(event.get("args"))[:500], "cwd": event.get("cwd")}])

