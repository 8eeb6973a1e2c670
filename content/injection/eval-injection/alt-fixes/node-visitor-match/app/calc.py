"""Calculator: a NodeVisitor over ast, with structural pattern matching."""
import ast
import math
import operator as op


class CalcError(ValueError):
    """An expression the calculator will not work out."""


FUNCTIONS = {"sqrt": math.sqrt, "abs": abs, "round": round, "min": min, "max": max}
CONSTANTS = {"pi": math.pi, "e": math.e}
MAX_LENGTH = 500
MAX_DIGITS = 100


def _size_ok(x):
    if isinstance(x, float):
        return math.isfinite(x) and abs(x) <= 1e100
    return abs(x) <= 10 ** MAX_DIGITS


def _pow(a, b):
    if a not in (0, 1, -1):
        if isinstance(b, int) and b > 400:
            raise CalcError("too big")
        if b * math.log10(abs(a)) > MAX_DIGITS:
            raise CalcError("too big")
    return a ** b


OPS = {ast.Add: op.add, ast.Sub: op.sub, ast.Mult: op.mul, ast.Div: op.truediv,
       ast.FloorDiv: op.floordiv, ast.Mod: op.mod, ast.Pow: _pow}


class Calc(ast.NodeVisitor):
    def generic_visit(self, node):
        raise CalcError(f"{type(node).__name__} is not allowed")

    def visit_Expression(self, node):
        return self.visit(node.body)

    def visit_Constant(self, node):
        match node.value:
            case bool():
                raise CalcError("no booleans")
            case int() | float() as v:
                return v
        raise CalcError("only numbers")

    def visit_Name(self, node):
        try:
            return CONSTANTS[node.id]
        except KeyError:
            raise CalcError(f"unknown name {node.id}") from None

    def visit_UnaryOp(self, node):
        v = self.visit(node.operand)
        match node.op:
            case ast.USub():
                return -v
            case ast.UAdd():
                return +v
        raise CalcError("operator not allowed")

    def visit_BinOp(self, node):
        fn = OPS.get(type(node.op))
        if fn is None:
            raise CalcError("operator not allowed")
        a, b = self.visit(node.left), self.visit(node.right)
        try:
            r = fn(a, b)
        except ZeroDivisionError:
            raise CalcError("division by zero") from None
        except OverflowError:
            raise CalcError("too big") from None
        if not _size_ok(r):
            raise CalcError("too big")
        return r

    def visit_Call(self, node):
        match node:
            case ast.Call(func=ast.Name(id=name), keywords=[]) if name in FUNCTIONS:
                args = [self.visit(a) for a in node.args]
                try:
                    r = FUNCTIONS[name](*args)
                except (TypeError, ValueError) as err:
                    raise CalcError(str(err)) from None
                if not _size_ok(r):
                    raise CalcError("too big")
                return r
        raise CalcError("function not allowed")


def evaluate(expression):
    expression = str(expression).strip()
    if not expression:
        raise CalcError("there is nothing to calculate")
    if len(expression) > MAX_LENGTH:
        raise CalcError("too long")
    try:
        tree = ast.parse(expression, mode="eval")
        result = Calc().visit(tree)
    except SyntaxError:
        raise CalcError("I don't understand that") from None
    except RecursionError:
        raise CalcError("too deeply nested") from None
    if not _size_ok(result):
        raise CalcError("too big")
    return result
