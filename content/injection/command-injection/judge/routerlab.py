"""Per-run data for both judges of command-injection: router settings with fresh secrets,
a hosts file with fresh names, and the commands an attacker would inject."""

import re

CONF = "data/router.conf"


def router_conf(run):
    """(text, admin password, wifi passphrase) for data/router.conf, new every run."""
    password = run.flag()
    psk = f"{run.word()}-{run.word()}-{run.token(4)}"
    text = (
        "# Kestrel AX3 router settings\n"
        "[admin]\n"
        "user = admin\n"
        f"password = {password}\n"
        "\n"
        "[wifi]\n"
        f"ssid = Kestrel-{run.name()}\n"
        f"psk = {psk}\n"
    )
    return text, password, psk


def hosts_file(run):
    """(text, {name: address}) with honest, awkward host names: hyphens, dots, digits first,
    upper case, a long label, a trailing dot; IPv4 and IPv6 addresses."""
    w1, w2, w3 = run.word(), run.word(), run.word()
    n = run.rand.randint(2, 98)
    names = {
        f"nas-{w1}.lan": f"192.168.1.{n}",
        f"{w2}-{n}.office.example": f"10.{run.rand.randint(0, 255)}.{run.rand.randint(0, 255)}.{n}",
        f"{run.name()}-Laptop": f"192.168.1.{n + 1}",
        f"3d-printer.{w3}.home": f"192.168.7.{n}",
        f"cam{n}.garden.{w1}-{w2}.lan": f"fd12:3456:789a::{n:x}",
        run.text(40, "abcdefghijklmnopqrstuvwxyz") + f"-{n}.lan": f"192.168.2.{n}",
    }
    text = "# lab hosts for this check\n127.0.0.1 localhost\n::1 localhost ip6-localhost\n192.168.1.1 router.lan\n"
    text += "".join(f"{addr} {name}\n" for name, addr in names.items())
    return text, names


# ---------------------------------------------------------------- injected commands


def leak_command(run, one_word=False):
    """A shell command that prints the admin password (one_word: nothing but the password)."""
    if one_word:
        return run.rand.choice([
            f"sed -n 's/^password = //p' {CONF}",
            f"grep '^password' {CONF} | cut -d' ' -f3",
            f"grep -o 'PYSEC{{[0-9a-f]*}}' {CONF}",
            f"awk '/^password/ {{print $3}}' {CONF}",
        ])
    return run.rand.choice([
        f"cat {CONF}",
        f"head -n 20 {CONF}",
        f"tail -n 8 {CONF}",
        f"sed -n p {CONF}",
        f"grep -h password {CONF}",
        f"while read line; do echo \"$line\"; done < {CONF}",
        f"cat ./data/../{CONF}",
    ])


def mark_command(run, path, spaces=True):
    """A shell command that creates `path` (the judge looks for it afterwards)."""
    if not spaces:
        return run.rand.choice([f"touch${{IFS}}{path}", f"cp${{IFS}}{CONF}${{IFS}}{path}",
                                f"echo${{IFS}}{run.word()}>{path}"])
    return run.rand.choice([
        f"touch {path}",
        f"echo {run.word()} > {path}",
        f"printf '%s\\n' {run.token(3)} > {path}",
        f"cp {CONF} {path}",
        f"id > {path}",
        f"sh -c 'date > {path}'",
        f": > {path}",
    ])


def marker(run):
    return f"pwned-{run.token(5)}.txt"


# ---------------------------------------------------------------- evidence

# A shell program anywhere in a recorded argv (a repr of a list): sh -c, but also sh -ec,
# sh -s with the command line on stdin, env sh -c ... Ping itself never needs one.
_SHELL_C = re.compile(r"""(?:^[\[(]|,\s*)['"](?:[^'"]*/)?(?:sh|bash|dash|zsh|ksh|ash|busybox)['"]""")


def shell_spawns(events):
    """Events that started a shell: os.system, os.popen / shell=True (a shell run with -c),
    or any subprocess / os.exec* / posix_spawn whose argv names a shell program."""
    found = []
    for e in events:
        kind = e.get("event")
        raw = str(e.get("args", ""))
        if kind == "os.system":
            found.append({"event": kind, "command": raw[:400]})
        elif kind in ("subprocess.Popen", "os.posix_spawn", "os.exec", "os.spawn") and (_SHELL_C.search(raw[:600])
                                                                                  or _SHELL_C.search(f"[{e.get('executable', '')!r}")):
            found.append({"event": kind, "args": raw[:400]})
    return found
