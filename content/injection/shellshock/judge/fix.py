"""Fix step of shellshock: the CGI script gets what it needs, and nothing an attacker sends
reaches the old shell unchecked.

Attack checks send requests whose headers, Content-Type or query string carry a function
definition followed by a command; they fail when that command's marker file appears or the
portal's database password comes back. The last check reads the stand-in shell's own note
of the environment it was started with: no request header and none of the portal's own
settings may be in it.
"""

import portal
from pysec_judge import attack, fail, functional, setup

WHERE = ("", "var/", "cgi-bin/", "status/", "config/")
BROWSER_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/120.0.0.0 Safari/537.36")


@setup
def seed(run):
    text, password, session = portal.portal_env(run)
    run.data.update(password=password, session=session)
    run.target.write_file("config/portal.env", text)
    svc = f"{run.word()}{run.rand.randint(2, 9)}"
    run.data["svc"] = svc
    run.data["svc_line"] = f"{run.name()} restarted it at 0{run.rand.randint(1, 9)}:{run.rand.randint(10, 59)}"
    run.target.write_file(f"status/{svc}.txt", run.data["svc_line"] + "\n")
    run.target.preload("app.cgi_runner")


def _get(run, path, headers=None, method="GET"):
    return run.target.http(method, path, headers=headers or {}, timeout=8)


def _expect_page(run, resp, what):
    if resp.status != 200 or "Harbourview office status" not in resp.text:
        fail(f"{what} answered {resp.status} instead of the status page:\n{resp.text[:400]}")


def _marker(run):
    return f"pwned-{run.token(4)}"


def _cmd(run, marker):
    return run.rand.choice((f"touch {marker}", f"echo {run.word()} > {marker}", f"id > {marker}",
                            f": > {marker}", f"/bin/sh -c 'date > {marker}'"))


def _leak(run):
    return run.rand.choice(("echo; echo $PORTAL_DB_PASSWORD", "echo; cat config/portal.env", "echo; env",
                            "echo Content-Type: text/plain; echo; grep PASSWORD config/portal.env"))


def _outcome(run, resp, marker, message):
    if run.data["password"] in resp.text:
        fail(message + " The portal's database password came back in the page.")
    if marker and any(run.target.read_file(w + marker) is not None for w in WHERE):
        fail(message + " The command after the function definition ran on the server.")


def _attack_headers(run, headers, message, marker=None, path="/cgi-bin/status"):
    run.payload = f"GET {path} with headers {headers!r}"
    resp = _get(run, path, headers)
    _outcome(run, resp, marker, message)


FUNCTIONS = ("() { :;};", "() { :; };", "() {\t:;};", "() { true; };", "() { echo hi; };", "() {  :;}; ",
             "() { _; } ;")


def _function(run):
    """A function definition the old shell imports: it only has to start with the four characters "() {"."""
    return run.rand.choice(FUNCTIONS)


# ---------------------------------------------------------------- honest use


@functional("status-page", "The status page still works")
def status_page(run):
    resp = _get(run, "/cgi-bin/status")
    _expect_page(run, resp, "GET /cgi-bin/status")
    if run.data["svc_line"] not in resp.text or "request: GET /" not in resp.text:
        fail("The status page came back without the service list or the request line; the script needs its CGI "
             f"variables and a PATH to run its commands:\n{resp.text[:400]}")


@functional("cgi-variables", "The script still gets REQUEST_METHOD, PATH_INFO and QUERY_STRING")
def cgi_variables(run):
    path_info = f"/{run.data['svc']}/{run.word()}-{run.rand.randint(1, 99)}.{run.word()}"
    query = f"svc={run.data['svc']}&days={run.rand.randint(1, 30)}&q=caf%C3%A9+{run.word()}&x=a%20b"
    resp = _get(run, f"/cgi-bin/status{path_info}?{query}")
    _expect_page(run, resp, "A request with a path and a query string")
    for want, var in ((f"request: GET {path_info}", "REQUEST_METHOD or PATH_INFO"), (f"query: {query}", "QUERY_STRING")):
        if want not in resp.text:
            fail(f"The script did not get {var} as sent: the page should show {want!r}, it shows:\n{resp.text[:400]}")
    resp = _get(run, "/cgi-bin/status", method="POST")
    if "request: POST /" not in resp.text:
        fail(f"A POST request should reach the script with REQUEST_METHOD=POST; the page shows:\n{resp.text[:300]}")


@functional("browser-headers", "Ordinary browser headers, parentheses and all, don't break the page")
def browser_headers(run):
    headers = {"User-Agent": BROWSER_UA, "Accept-Language": "de-CH,de;q=0.9,en;q=0.8",
               "Cookie": f"session={run.token(8)}; theme=dark", "Referer": "http://intranet/cgi-bin/status",
               "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}
    _expect_page(run, _get(run, "/cgi-bin/status?days=7", headers), "A request from an ordinary browser")


# ---------------------------------------------------------------- attacks


@attack("user-agent", "A function definition in User-Agent runs nothing")
def user_agent(run):
    marker = _marker(run)
    _attack_headers(run, {"User-Agent": f"() {{ :;}}; {_cmd(run, marker)}"},
                    "The request header User-Agent: () { :;}; <command> made the shell run the command.", marker)
    _attack_headers(run, {"User-Agent": f"() {{ :;}}; {_leak(run)}"},
                    "The request header User-Agent: () { :;}; <command> made the shell run the command.")


@attack("other-headers", "Any request header is a way in, not just User-Agent", hidden=True)
def other_headers(run):
    # One of the headers famous from Shellshock write-ups, and always one that is not.
    for header in (run.rand.choice(["Referer", "Cookie"]),
                   run.rand.choice(["Accept-Language", f"X-{run.word().title()}-Id", "Authorization", "Accept",
                                    "X-Forwarded-For"])):
        marker = _marker(run)
        _attack_headers(run, {header: f"{_function(run)} {_cmd(run, marker)}"},
                        "A function definition in another request header ran a command. Every header becomes an "
                        "environment variable for the script (HTTP_<NAME>); a list of dangerous header names "
                        "is never complete.", marker)


@attack("spacing-variants", "Other spellings of the function definition", hidden=True)
def spacing_variants(run):
    for _ in range(2):
        marker = _marker(run)
        spelling = run.rand.choice([f for f in FUNCTIONS if f != "() { :;};"])  # never the famous one
        _attack_headers(run, {"User-Agent": f"{spelling} {_cmd(run, marker)}"},
                        "A function definition written differently from the famous  () { :;};  ran a command. The "
                        "old shell only looks at the first four characters, \"() {\"; what follows can be anything.",
                        marker)


@attack("filter-bypass", "A value that becomes \"() {\" after a filter removes \"() {\"", hidden=True)
def filter_bypass(run):
    marker = _marker(run)
    _attack_headers(run, {"Referer": f"(() {{) {{ :;}}; {_cmd(run, marker)}"},
                    "A header built so that deleting \"() {\" from it leaves a new \"() {\" ran a command. Filters "
                    "that delete dangerous text can be fed text that turns into it.", marker)


@attack("content-type", "Content-Type reaches the script too", hidden=True)
def content_type(run):
    marker = _marker(run)
    _attack_headers(run, {"Content-Type": f"{_function(run)} {_cmd(run, marker)}"},
                    "A function definition in the Content-Type header ran a command: CGI passes it as CONTENT_TYPE, "
                    "not as HTTP_CONTENT_TYPE, so a check of HTTP_* variables misses it.", marker)


@attack("query-string", "A function definition in the query string runs nothing", hidden=True)
def query_string(run):
    # The second one also has the "=" of a form field, so "it parses as name=value" is no check.
    for tail in ("", f" {run.word()}={run.rand.randint(1, 99)}"):
        marker = _marker(run)
        path = f"/cgi-bin/status?() {{ :;}}; {_cmd(run, marker)}{tail}"
        _attack_headers(run, {}, "A query string that starts with a function definition ran a command: QUERY_STRING "
                                 "reaches the script's shell like everything else. Check it before passing it on "
                                 "(a query string is letters, digits, %-escapes and a few marks: no spaces, braces "
                                 "or parentheses).", marker, path=path)


@attack("minimal-environment", "The script's shell gets a minimal environment: no headers, no server secrets")
def minimal_environment(run):
    header, value = f"X-{run.word().title()}-Trace", run.token(6)
    before = len(portal.shell_starts(run))
    run.target.evidence()  # forget earlier events
    resp = _get(run, "/cgi-bin/status/mail?days=3", {header: value, "User-Agent": BROWSER_UA})
    starts = portal.shell_starts(run)[before:]
    # How the portal started the shell, as recorded inside the portal (env None: it inherits
    # os.environ, the portal's settings included).
    spawned = [e for e in run.target.evidence() if e.get("event") == "subprocess.Popen" and "oldbash" in str(e.get("args"))]
    if not starts and not spawned:
        fail(f"The status page did not start the CGI shell (the page answered {resp.status}); the script must still "
             "be run with settings.SHELL.")
    envs = [start.get("env") or {} for start in starts]
    inherited = any(e.get("env") is None for e in spawned)
    envs += [e["env"] for e in spawned if isinstance(e.get("env"), dict)]
    secrets = (run.data["password"], run.data["session"])
    leaked = sorted({k for env in envs for k, v in env.items() if any(x in str(v) for x in secrets)})
    if leaked or inherited:
        fail("The script's shell received the portal's own settings ("
             + (", ".join(leaked) if leaked else "it inherited the portal's whole environment") + "): the "
             "environment was built from os.environ. Whatever the portal knows, every CGI script (and every command "
             "injected into one) can read. Build the environment from scratch: a fixed PATH and the CGI variables "
             "the script uses.", variables=sorted({k for env in envs for k in env})[:40])
    passed = sorted({k for env in envs for k, v in env.items() if value in str(v)})
    if passed:
        fail(f"The request header {header} reached the script's shell ({', '.join(passed)}). The status script uses "
             "no request header, so none should be passed: a header the script doesn't read can still carry "
             "something the shell executes.", variables=sorted({k for env in envs for k in env})[:40])
