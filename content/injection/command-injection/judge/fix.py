"""Fix step of command-injection: honest pings still work, no host or count runs a command.

Every run writes a new data/router.conf (the secret an attacker wants) and a new etc/hosts
(the names the stand-in ping knows). Attack checks decide on what happened: did the
returned text contain the admin password, and did a file that only an injected command
would create appear in the router's folder? ping() may refuse a bad host or count with
ValueError, or pass it to ping harmlessly; both are fine. The evidence check at the end
looks at how ping was started (os.system / shell=True) and only rules on honest pings.
"""

import routerlab
from pysec_judge import TargetRaised, attack, fail, functional, setup

PING = "app.diagnostics:ping"


@setup
def seed(run):
    text, password, psk = routerlab.router_conf(run)
    hosts, names = routerlab.hosts_file(run)
    run.data.update(password=password, psk=psk, names=names)
    run.target.write_file(routerlab.CONF, text)
    run.target.write_file("etc/hosts", hosts)
    run.target.preload("app.diagnostics")


# ---------------------------------------------------------------- helpers


def _call(run, host, *count, shown=None):
    """ping(host[, count]) → ("ok", text) or ("raised", TargetRaised)."""
    try:
        value = run.target.call(PING, host, *count, timeout=5).value
    except TargetRaised as err:
        return "raised", err
    return "ok", value


def _honest(run, host, *count):
    what = f"ping({host!r}{', ' + repr(count[0]) if count else ''})"
    status, value = _call(run, host, *count)
    if status == "raised":
        run.details["traceback"] = value.traceback
        hint = ""
        if value.is_a("builtins.ValueError"):
            hint = " This is an honest host and count: your validation is too strict."
        elif value.type_name == "CalledProcessError":
            hint = " Don't use check=True: ping's own report is what the page shows, also when ping fails."
        fail(f"{what} raised {value.type_name}: {value.message}.{hint}")
    if not isinstance(value, str):
        fail(f"{what} returned {value!r}; it should return what ping printed, as a string.")
    return what, value


def _expect_replies(run, host, count, shown_count, address):
    what, text = _honest(run, host, *count)
    if not text.strip():
        fail(f"{what} returned nothing. It should return what ping printed (see the task). If you run ping with "
             "subprocess, capture its output (capture_output=True, text=True) and return it.")
    if "usage error" in text or "invalid option" in text:
        fail(f"{what}: ping did not get the arguments it needs, it answered:\n{text.strip()[:300]}\n"
             "Pass the program and each argument as separate list items, without a shell.")
    if f"{shown_count} packets transmitted, {shown_count} received" not in text:
        fail(f"{what} should send {shown_count} packet(s); ping's report was:\n{text.strip()[:400]}")
    if address not in text:
        fail(f"{what}: ping's report does not mention {address}:\n{text.strip()[:400]}")


def _check_attack(run, host, count, message, marker=None):
    """Run one hostile input; fail when the password came back or the marker file appeared."""
    args = (host,) if count is None else (host, count)
    run.payload = f"ping({', '.join(repr(a) for a in args)})"
    status, value = _call(run, *args)
    text = value if status == "ok" else f"{value.type_name}: {value.message}"
    if status == "raised" and not value.is_a("builtins.ValueError"):
        run.details["traceback"] = value.traceback
        fail(f"A hostile input made ping() raise {value.type_name}: {value.message}. Refuse bad input with "
             "ValueError (the page shows that message), or hand it to ping so that ping reports the error.")
    if isinstance(text, str) and run.data["password"] in text:
        fail(message + " The router's admin password came back in the page.")
    if marker and run.target.read_file(marker) is not None:
        fail(message + " The injected command created a file on the router.")


def _separator_check(run, build, title):
    """Two hostile hosts built with the same separator: one that leaks, one that writes a file."""
    leak = build(routerlab.leak_command(run, one_word=build.one_word))
    _check_attack(run, leak, run.rand.choice((1, "1", 2)), title)
    path = routerlab.marker(run)
    mark = build(routerlab.mark_command(run, path))
    _check_attack(run, mark, run.rand.choice((1, "1")), title, marker=path)


def _ip(run):
    return run.rand.choice(["127.0.0.1", "192.168.1.1", "router.lan", f"10.0.0.{run.rand.randint(2, 254)}"])


def _sep(one_word=False):
    def deco(fn):
        fn.one_word = one_word
        return fn
    return deco


# ---------------------------------------------------------------- honest use


@functional("ping-ipv4", "Pinging an IPv4 address works, with the default count and a chosen one")
def ping_ipv4(run):
    addr = f"192.168.{run.rand.randint(0, 9)}.{run.rand.randint(2, 254)}"
    _expect_replies(run, addr, (), 4, addr)
    n = run.rand.randint(2, 9)
    _expect_replies(run, "127.0.0.1", (n,), n, "127.0.0.1")


@functional("ping-ipv6", "Pinging IPv6 addresses works")
def ping_ipv6(run):
    _expect_replies(run, "::1", ("2",), 2, "::1")
    addr = f"2001:db8:{run.rand.randint(1, 0xffff):x}::{run.rand.randint(1, 0xffff):x}"
    _expect_replies(run, addr, (1,), 1, addr)


@functional("ping-hostnames", "Host names with hyphens, dots, digits and capitals work")
def ping_hostnames(run):
    names = run.data["names"]
    for name in run.rand.sample(sorted(names), 2):
        _expect_replies(run, name, (run.rand.choice((1, "1")),), 1, names[name])


@functional("count-values", "The highest count on the page's drop-down (10) works")
def count_values(run):
    _expect_replies(run, "router.lan", ("10",), 10, "192.168.1.1")


@functional("count-range", "A count outside 1 to 10, or not a number, is refused with ValueError")
def count_range(run):
    for bad in ("0", "11", "-1", "abc", "", "2.5", 1000000):
        status, value = _call(run, "router.lan", bad)
        if status == "ok":
            fail(f"ping('router.lan', {bad!r}) ran ping instead of refusing the count. The page offers 1 to 10; "
                 "turn count into an int and raise ValueError when it is anything else.")
        if not value.is_a("builtins.ValueError"):
            run.details["traceback"] = value.traceback
            fail(f"ping('router.lan', {bad!r}) raised {value.type_name}: {value.message}. Raise ValueError for a "
                 "bad count: the page turns ValueError into a 400 with its message.")


@functional("unknown-host", "A well-formed name that does not exist gets ping's own answer")
def unknown_host(run):
    name = f"{run.word()}-{run.token(3)}.lan"
    what, text = _honest(run, name, 1)
    if "Name or service not known" not in text:
        fail(f"{what} should return ping's answer (\"ping: {name}: Name or service not known\"); it returned "
             f"{text[:300]!r}.")


@functional("web-page", "The diagnostics page still shows the result")
def web_page(run):
    resp = run.target.http("POST", "/diagnostics", form={"host": "router.lan", "count": "3"}, timeout=5)
    if resp.status != 200 or "3 packets transmitted, 3 received" not in resp.text:
        fail(f"POST /diagnostics with host=router.lan, count=3 answered {resp.status}; the page should show ping's "
             f"report:\n{resp.text[-600:]}")


# ---------------------------------------------------------------- attacks


@attack("semicolon-injection", "A host that ends the command with ; and adds another")
def semicolon(run):
    _check_attack(run, f"127.0.0.1; cat {routerlab.CONF}", 1,
                  "The host 127.0.0.1; cat data/router.conf ran cat on the router.")
    path = routerlab.marker(run)
    _check_attack(run, f"{_ip(run)};{routerlab.mark_command(run, path)}", 1,
                  "A host with ; followed by a command of the attacker's ran that command.", marker=path)


@attack("and-or-injection", "Commands chained with && and ||", hidden=True)
def and_or(run):
    @_sep()
    def with_and(cmd):
        return f"{_ip(run)} && {cmd}"

    @_sep()
    def with_or(cmd):
        return f"{run.word()}-{run.token(2)}.invalid || {cmd}"

    _separator_check(run, run.rand.choice((with_and, with_or)),
                     "A host that chains a second command with && or || ran it.")


@attack("pipe-injection", "A host that pipes ping's output into another command", hidden=True)
def pipe(run):
    @_sep()
    def build(cmd):
        return run.rand.choice((f"{_ip(run)} | {cmd}", f"{_ip(run)}|{cmd}"))

    _separator_check(run, build, "A host with | ran a second command (a pipe needs no ; or &).")


@attack("background-injection", "A host that starts a second command with &", hidden=True)
def background(run):
    @_sep()
    def build(cmd):
        return f"{_ip(run)} & {cmd}"

    _separator_check(run, build, "A host with a single & ran a second command next to ping.")


@attack("subshell-injection", "Command substitution with $( )", hidden=True)
def subshell(run):
    @_sep(one_word=True)
    def build(cmd):
        return run.rand.choice((f"$({cmd})", f"{run.word()}.lan$({cmd})"))

    _separator_check(run, build, "A host containing $( ... ) had the shell run the command inside it and paste "
                                 "its output into the ping command.")


@attack("backtick-injection", "Command substitution with backticks", hidden=True)
def backticks(run):
    @_sep(one_word=True)
    def build(cmd):
        return f"`{cmd}`"

    _separator_check(run, build, "A host containing `...` had the shell run the command between the backticks.")


@attack("newline-injection", "A host with a newline, then a second command", hidden=True)
def newline(run):
    built = []

    # The first host (the one that leaks) is always "host\ncommand": a regex whose $ stops
    # before a "\n" must fail on every run. Other forms only on the second host: "\r\n" is
    # refused by such a regex, and a trailing "\n" leaves the redirection on a line of its own,
    # which empties the log the leak would show up in.
    @_sep()
    def build(cmd):
        built.append(cmd)
        if len(built) == 1:
            return f"{_ip(run)}\n{cmd}"
        return run.rand.choice((f"{_ip(run)}\n{cmd}", f"{_ip(run)}\n{cmd}\n", f"localhost\r\n{cmd}"))

    _separator_check(run, build, "A host with a line break ran the next line as a command of its own (a newline "
                                 "ends a command in the shell; a regex with $ may let one through).")


@attack("no-space-injection", "Injection without spaces (${IFS})", hidden=True)
def no_space(run):
    path = routerlab.marker(run)
    sep = run.rand.choice((";", "|", "&&", "\n"))
    _check_attack(run, f"{_ip(run)}{sep}{routerlab.mark_command(run, path, spaces=False)}", 1,
                  "A host without a single space, using ${IFS} where spaces would go, ran a command.", marker=path)


@attack("count-injection", "Commands hidden in the count field", hidden=True)
def count_injection(run):
    path = routerlab.marker(run)
    mark = routerlab.mark_command(run, path)
    count = run.rand.choice((f"1; {mark};", f"1 $({mark})", f"2 127.0.0.1 | {mark} #", f"1`{mark}`"))
    _check_attack(run, "router.lan", count, "A count with a command in it ran that command: the page's drop-down "
                  "is no protection, anyone can send any text as count.", marker=path)
    _check_attack(run, "router.lan", f"1 127.0.0.1; {routerlab.leak_command(run)} #",
                  "A count with a command in it ran that command.")


def _option_outcome(text):
    return any(s in text for s in ("iputils", "usage error", "invalid option", "invalid argument", "Usage\n",
                                   "requires an argument"))


@attack("option-injection", "A host that starts with - is not read as an option of ping")
def option_injection(run):
    run.payload = "ping('-V', 1)"
    status, value = _call(run, "-V", 1)
    if status == "raised" and not value.is_a("builtins.ValueError"):
        run.details["traceback"] = value.traceback
        fail(f"ping('-V', 1) raised {value.type_name}: {value.message}. Refuse a bad host with ValueError.")
    if status == "ok" and _option_outcome(value):
        fail("The host -V reached ping as an option: ping printed its version instead of pinging a host called "
             "-V. With other options an attacker makes the router flood, run for hours or change what it sends. "
             f"ping answered:\n{value.strip()[:300]}\nPut -- before the host (\"end of options\"), and only "
             "accept hosts that are IP addresses or well-formed names.")


@attack("option-variants", "Other option-shaped hosts (-c…, -h, -qV, --…)", hidden=True)
def option_variants(run):
    n = run.rand.randint(11, 99)
    for host in run.rand.sample([f"-c{n}", "-h", "-qV", f"-s{n}00", f"-i0.{n}", "-f", f"-w{n}", "--", f"-W{n}"], 3):
        run.payload = f"ping({host!r}, 1)"
        status, value = _call(run, host, 1)
        if status == "raised" and not value.is_a("builtins.ValueError"):
            run.details["traceback"] = value.traceback
            fail(f"An option-shaped host made ping() raise {value.type_name}: {value.message}.")
        if status == "ok" and _option_outcome(value):
            fail("A host starting with - reached ping as an option. Quoting doesn't help: the quotes only keep it "
                 "one word, and one word is enough. End ping's options with -- or refuse such hosts.")


@attack("no-shell", "Ping is started without a shell")
def no_shell(run):
    run.target.evidence()  # forget earlier events
    _honest(run, "router.lan", 1)
    spawned = routerlab.shell_spawns(run.target.evidence())
    if spawned:
        fail("An honest ping still went through a shell (os.system, os.popen, shell=True or a shell program "
             "started by hand, such as [\"sh\", \"-c\", ...]), so the host "
             "and count are read by /bin/sh before ping sees them; the fix then rests on every check and every "
             "quote being right forever. Start ping directly with an argument list: "
             "subprocess.run([*PING, \"-c\", str(count), \"--\", host], capture_output=True, text=True).",
             evidence=spawned)
