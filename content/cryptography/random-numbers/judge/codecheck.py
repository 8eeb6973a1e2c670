"""Where do app/tokens.py's random values come from? Read from the source, not guessed.

An attack check decides first (the judge's own Mersenne Twister recovery, the entropy of
what comes out). This audit names the source: any use of the `random` module other than
random.SystemRandom, of numpy's generators, of the clock, the process ID or uuid1 is a
predictable generator or predictable seed material; secrets, os.urandom,
random.SystemRandom and uuid4 (os.urandom inside) are the operating system's CSPRNG.
Reaching a module dynamically (__import__, importlib, getattr, sys.modules, eval) counts
as weak: the audit cannot tell what it reaches, and a fix has no reason to hide it.
"""

import ast

# Ways to reach a module or a function without naming it where the audit can see it.
DYNAMIC = {"__import__", "eval", "exec", "compile", "globals", "vars", "getattr"}

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
        elif full[0] == "secrets" or (full[0] == "os" and full[-1] in ("urandom", "getrandom")) \
                or (full[0] == "uuid" and full[-1] == "uuid4"):
            strong.append((node.lineno, code(node)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            origin = modules.get(node.func.id, "")
            if origin.startswith("secrets.") or origin in ("os.urandom", "random.SystemRandom", "uuid.uuid4"):
                strong.append((node.lineno, code(node)))
    # The random module reached some other way than random.SystemRandom: random.__dict__,
    # getattr(random, "Random"), passing the module along, ...
    randoms = {local for local, origin in modules.items() if origin == "random"}
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in randoms:
            parent = parents.get(node)
            if not (isinstance(parent, ast.Attribute) and parent.value is node):
                weak.append((node.lineno, code(parent or node), "the random module's Mersenne Twister"))
        elif isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else None
            chain = _chain(node.func) or []
            if name in DYNAMIC or (chain and modules.get(chain[0], chain[0]).split(".")[0] in ("importlib", "sys")):
                weak.append((node.lineno, code(node), "a dynamic import or lookup, which hides where its randomness "
                             "comes from"))
        elif isinstance(node, ast.Attribute) and node.attr in ("modules", "__dict__", "__builtins__"):
            weak.append((node.lineno, code(node), "a dynamic import or lookup, which hides where its randomness "
                         "comes from"))
    dedupe = lambda xs: sorted(set(xs))
    return {"weak": dedupe(weak), "strong": dedupe(strong)}
