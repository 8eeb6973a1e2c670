"""How does a program make and check MACs? Read from its source, never timed (labs judge
constant-time comparison by code evidence; timing a comparison on a shared machine flakes).

audit(source, entry_points) returns what the code that the entry points can reach does.
keyed_mac: it must use a real keyed MAC: HMAC (hmac.new / hmac.digest / cryptography's
HMAC) or a hash with a key input (BLAKE2's key=, SHA-3). A plain Merkle-Damgard hash over
key + message is what step 1 extended.
comparisons: every == or != between two computed values, every `in` test on a computed MAC,
operator.eq and startswith/endswith between computed values (a signature compared that way
stops at the first differing character). Comparing with a literal, a constant or a
len() is fine. Only the entry points, the module functions they call and module-level code
count for the MAC and the constant-time comparison: a call in a function nobody uses is a decoy.
constant_time: whether hmac.compare_digest / secrets.compare_digest or a
library's verify() is used at all.
"""

import ast

MD_HASHES = {"md5", "sha1", "sha224", "sha256", "sha384", "sha512", "new"}
KEYED = {"new", "digest", "HMAC"}
PUBLIC_CALLS = {"len", "type", "isinstance", "bool", "callable"}


def _name(func):
    if isinstance(func, ast.Name):
        return None, func.id
    if isinstance(func, ast.Attribute):
        base = func.value
        while isinstance(base, ast.Attribute):
            base = base.value
        return (base.id if isinstance(base, ast.Name) else None), func.attr
    return None, None


def audit(source, entry_points):
    tree = ast.parse(source)
    imported, from_names = set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                imported.add(a.asname or a.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                from_names[a.asname or a.name] = (node.module, a.name)
                imported.add(a.asname or a.name)

    def origin(func):
        """('hmac', 'new') for hmac.new(...) / new(...) imported from hmac."""
        base, attr = _name(func)
        if isinstance(func, ast.Name) and func.id in from_names:
            module, real = from_names[func.id]
            return module.split(".")[-1], real
        if base in from_names:
            return from_names[base][1], attr
        return base, attr

    def constish(e):
        if isinstance(e, ast.Constant):
            return True
        if isinstance(e, ast.Name):
            return e.id in imported or (e.id.isupper() and any(c.isalpha() for c in e.id))
        if isinstance(e, ast.Attribute):
            return e.attr.isupper() or constish(e.value)
        if isinstance(e, ast.Call):
            return isinstance(e.func, ast.Name) and e.func.id in PUBLIC_CALLS
        if isinstance(e, (ast.Tuple, ast.List, ast.Set)):
            return all(constish(x) for x in e.elts)
        if isinstance(e, ast.UnaryOp):
            return constish(e.operand)
        return False

    def code(node):
        return (ast.get_source_segment(source, node) or ast.dump(node))[:120]

    # Names that hold a computed MAC: `x in [expected]` or `expected in given_list` compares with == too.
    mac_names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            made = any(isinstance(c, ast.Call) and _name(c.func)[1] in ("hexdigest", "digest", "new", "finalize")
                       for c in ast.walk(node.value))
            if made:
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                    mac_names.update(n.id for n in ast.walk(t) if isinstance(n, ast.Name))

    module_functions = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}

    def mentions_mac(e):
        """A name holding a computed MAC, or a call that computes one (sign(m), h.hexdigest())."""
        return any((isinstance(n, ast.Name) and n.id in mac_names)
                   or (isinstance(n, ast.Call) and (_name(n.func)[1] in ("hexdigest", "digest", "finalize")
                                                    or (isinstance(n.func, ast.Name) and n.func.id in module_functions)))
                   for n in ast.walk(e))

    # Only code that the entry points can reach counts as their MAC and their comparison:
    # an hmac.new() or compare_digest() in a function nobody calls is a decoy.
    functions = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    reach, todo = set(), [n for n in entry_points if n in functions]
    while todo:
        name = todo.pop()
        if name in reach:
            continue
        reach.add(name)
        for n in ast.walk(functions[name]):
            if isinstance(n, ast.Name) and n.id in functions and n.id not in reach:
                todo.append(n.id)
    live = set()
    for top in tree.body:
        if not isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)) or top.name in reach:
            live.update(id(n) for n in ast.walk(top))
    # A plain hash inside a MAC's arguments (hmac.new(hashlib.sha256(k).digest(), ...)) is not the signature.
    in_mac = set()

    weak, strong, comparisons, constant_time = [], [], [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and id(node) in live:
            module, attr = origin(node.func)
            if (module == "hmac" and attr in KEYED) or attr == "HMAC":
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    in_mac.update(id(n) for n in ast.walk(arg))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and id(node) not in live:
            continue
        if isinstance(node, ast.Call):
            module, attr = origin(node.func)
            kwargs = {k.arg for k in node.keywords}
            if module == "hashlib" and attr in MD_HASHES and id(node) not in in_mac:
                weak.append((node.lineno, code(node)))
            if module == "hmac" and attr in KEYED:
                strong.append((node.lineno, code(node)))
            elif module == "hashlib" and attr in ("blake2b", "blake2s") and "key" in kwargs:
                strong.append((node.lineno, code(node)))
            elif module == "hashlib" and attr and attr.startswith(("sha3_", "shake_")):
                strong.append((node.lineno, code(node)))
            if attr == "compare_digest" or (attr == "verify" and isinstance(node.func, ast.Attribute)):
                constant_time.append((node.lineno, code(node)))
            if attr in ("__eq__", "__ne__") or (module == "operator" and attr in ("eq", "ne")):
                comparisons.append((node.lineno, code(node)))
            if attr in ("startswith", "endswith", "find", "index", "count") and isinstance(node.func, ast.Attribute) \
                    and not (constish(node.func.value) or all(constish(a) for a in node.args)):
                comparisons.append((node.lineno, code(node)))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitXor, ast.Sub)) \
                and (mentions_mac(node.left) or mentions_mac(node.right)) \
                and any(isinstance(x, (ast.Set, ast.Call)) for x in (node.left, node.right)):
            # {expected} & set(given): a set lookup compares with == too
            comparisons.append((node.lineno, code(node)))
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for op, a, b in zip(node.ops, operands, operands[1:]):
                if isinstance(op, (ast.Eq, ast.NotEq)) and not constish(a) and not constish(b):
                    comparisons.append((node.lineno, code(node)))
                    break
                if isinstance(op, (ast.In, ast.NotIn)) and (mentions_mac(a) or mentions_mac(b)):
                    comparisons.append((node.lineno, code(node)))
                    break
    return {"weak": sorted(set(weak)), "strong": sorted(set(strong)),
            "comparisons": sorted(set(comparisons)), "constant_time": sorted(set(constant_time))}
