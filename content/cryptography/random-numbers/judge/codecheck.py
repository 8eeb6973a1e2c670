"""Where do app/tokens.py's random values come from? Read from the source, not guessed.

An attack check decides first (the judge's own Mersenne Twister recovery, the entropy of
what comes out). This audit names the source: any use of the `random` module other than
random.SystemRandom, of numpy's generators, of the clock, the process ID or uuid1 is a
predictable generator or predictable seed material; secrets, os.urandom and
random.SystemRandom are the operating system's CSPRNG.
"""

import ast

GOOD_CALLS = {"token_hex", "token_bytes", "token_urlsafe", "randbelow", "randbits", "choice", "urandom",
              "SystemRandom", "getrandom"}
CLOCK = {("time", "time"), ("time", "time_ns"), ("time", "perf_counter"), ("time", "perf_counter_ns"),
         ("time", "monotonic"), ("time", "monotonic_ns"), ("os", "getpid"), ("datetime", "now"),
         ("datetime", "utcnow"), ("uuid", "uuid1"), ("uuid", "getnode")}


def _chain(node):
    """a.b.c -> ["a", "b", "c"] (None when the base is not a plain name)."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return parts[::-1]
    return None


def audit(source):
    """{'weak': [(line, code, why)], 'strong': [(line, code)]}"""
    tree = ast.parse(source)
    modules = {}  # local name -> module it stands for
    weak, strong = [], []

    def code(node):
        return (ast.get_source_segment(source, node) or ast.dump(node))[:100]

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                modules[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                local = alias.asname or alias.name
                root = node.module.split(".")[0]
                if root == "random" and alias.name != "SystemRandom":
                    weak.append((node.lineno, code(node), "the random module's Mersenne Twister"))
                elif root == "numpy" and ("random" in node.module or alias.name == "random"):
                    weak.append((node.lineno, code(node), "numpy's generators"))
                elif (root, alias.name) in CLOCK or alias.name in ("uuid1", "getpid", "time_ns"):
                    weak.append((node.lineno, code(node), "the clock or the process ID"))
                elif root in ("secrets",) or alias.name in ("urandom", "SystemRandom"):
                    strong.append((node.lineno, code(node)))
                modules.setdefault(local, f"{node.module}.{alias.name}")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        chain = _chain(node)
        if not chain or len(chain) < 2:
            continue
        base = modules.get(chain[0], chain[0]).split(".")
        full = base + chain[1:]
        if full[0] == "random" and len(full) > 1:
            if full[1] == "SystemRandom":
                strong.append((node.lineno, code(node)))
            else:
                weak.append((node.lineno, code(node), "the random module's Mersenne Twister"))
        elif full[0] == "numpy" and "random" in full:
            weak.append((node.lineno, code(node), "numpy's generators"))
        elif (full[-2], full[-1]) in CLOCK:
            weak.append((node.lineno, code(node), "the clock or the process ID"))
        elif full[0] == "secrets" or (full[0] == "os" and full[-1] in ("urandom", "getrandom")):
            strong.append((node.lineno, code(node)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            origin = modules.get(node.func.id, "")
            if origin.startswith("secrets.") or origin in ("os.urandom", "random.SystemRandom"):
                strong.append((node.lineno, code(node)))
    dedupe = lambda xs: sorted(set(xs))
    return {"weak": dedupe(weak), "strong": dedupe(strong)}
