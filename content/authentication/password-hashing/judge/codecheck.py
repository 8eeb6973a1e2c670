"""Does verify_password() compare secrets in constant time? Read from the source, not timed.

Timing one == over a broker is noise, and a flaky check teaches nothing. The code says it
plainly instead: starting at verify_password we follow the module's own functions and
report (1) every == or != between two computed values — a digest compared that way stops at
the first differing byte — and (2) whether any constant-time primitive is used at all:
hmac.compare_digest / secrets.compare_digest, or a library's own verify (argon2-cffi's
PasswordHasher.verify, bcrypt.checkpw, argon2.low_level.verify_secret, cryptography's
KDF .verify). Comparing against a literal or a module constant (a prefix, a length, a
scheme name) is not a secret comparison and is allowed.
"""

import ast

CONSTANT_TIME = {"compare_digest", "checkpw", "verify", "verify_secret"}
PUBLIC_CALLS = {"len", "type", "isinstance", "bool"}
EQUALITY = (ast.Eq, ast.NotEq)


class _Module:
    def __init__(self, tree):
        self.defs = {}  # function or method name -> [FunctionDef]
        self.classes = {}  # class name -> [method names]
        self.values = {}  # module-level variable -> the expression assigned to it
        self.imported = set()
        self.constants = set()
        self.ct_names = set(CONSTANT_TIME)
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    name = alias.asname or alias.name.split(".")[0]
                    self.imported.add(name)
                    if isinstance(node, ast.ImportFrom) and alias.name in CONSTANT_TIME:
                        self.ct_names.add(name)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.defs.setdefault(node.name, []).append(node)
            elif isinstance(node, ast.ClassDef):
                methods = [n for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
                self.classes[node.name] = [m.name for m in methods]
                for m in methods:
                    self.defs.setdefault(m.name, []).append(m)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            self.values[name.id] = node.value
                            if self.constish(node.value):
                                self.constants.add(name.id)

    def constish(self, e):
        """True for values that are not secrets: literals, constants, imported names, lengths, types."""
        if isinstance(e, ast.Constant):
            return True
        if isinstance(e, ast.Name):
            return e.id in self.constants or e.id in self.imported or (e.id.isupper() and any(c.isalpha() for c in e.id))
        if isinstance(e, ast.Attribute):
            return (e.attr.isupper() and any(c.isalpha() for c in e.attr)) or self.constish(e.value)
        if isinstance(e, (ast.Tuple, ast.List, ast.Set)):
            return all(self.constish(x) for x in e.elts)
        if isinstance(e, ast.Call):
            return isinstance(e.func, ast.Name) and e.func.id in PUBLIC_CALLS
        if isinstance(e, ast.JoinedStr):
            return all(self.constish(v.value) if isinstance(v, ast.FormattedValue) else True for v in e.values)
        if isinstance(e, ast.BinOp):
            return self.constish(e.left) and self.constish(e.right)
        if isinstance(e, ast.UnaryOp):
            return self.constish(e.operand)
        if isinstance(e, ast.Subscript):
            return self.constish(e.value)
        return False

    def own_call(self, func):
        """True when a call named like verify() goes to this module's own code, not to a library."""
        if isinstance(func, ast.Name):
            return func.id in self.defs
        if not isinstance(func, ast.Attribute) or func.attr not in self.defs:
            return False
        base = func.value
        if isinstance(base, ast.Name) and base.id in self.imported:
            return False  # bcrypt.checkpw, argon2.low_level.verify_secret, ...
        if isinstance(base, ast.Name) and isinstance(self.values.get(base.id), ast.Call):
            made_by = self.values[base.id].func
            return isinstance(made_by, ast.Name) and made_by.id in self.classes  # our own object
        return True  # self.verify(), scheme.verify(), ...

    def reachable(self, entry):
        """Functions verify_password can reach by name (directly, via a method, a class or a table)."""
        found, todo, seen = [], [entry], set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            nodes = list(self.defs.get(name, []))
            for method in self.classes.get(name, []):
                todo.append(method)
            found += nodes
            sources = nodes + ([self.values[name]] if name in self.values else [])
            for source in sources:
                for sub in ast.walk(source):
                    ref = sub.id if isinstance(sub, ast.Name) else sub.attr if isinstance(sub, ast.Attribute) else None
                    if ref and (ref in self.defs or ref in self.values or ref in self.classes):
                        todo.append(ref)
        return found


def audit(source, entry="verify_password"):
    """{'entry': bool, 'comparisons': [(line, code)], 'constant_time': [(line, code)]}."""
    tree = ast.parse(source)
    module = _Module(tree)
    functions = module.reachable(entry) if entry in module.defs else [
        n for nodes in module.defs.values() for n in nodes]
    comparisons, constant_time, seen = [], [], set()

    def code(node):
        return (ast.get_source_segment(source, node) or ast.dump(node))[:120]

    for function in functions:
        for node in ast.walk(function):
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, ast.Compare):
                operands = [node.left, *node.comparators]
                for op, a, b in zip(node.ops, operands, operands[1:]):
                    if isinstance(op, EQUALITY) and not module.constish(a) and not module.constish(b):
                        comparisons.append((node.lineno, code(node)))
                        break
            elif isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name in ("__eq__", "__ne__") or (name in ("eq", "ne") and isinstance(func, ast.Attribute)
                                                    and isinstance(func.value, ast.Name) and func.value.id == "operator"):
                    comparisons.append((node.lineno, code(node)))
                if name in module.ct_names and not module.own_call(func):
                    constant_time.append((node.lineno, code(node)))
    return {"entry": entry in module.defs, "comparisons": sorted(set(comparisons)),
            "constant_time": sorted(set(constant_time))}
