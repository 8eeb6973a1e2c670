"""The arithmetic behind the chat bot's `calc` command: a tree walker over ast.parse().

Supports the whole math module too (calc math.hypot(3, 4), calc math.log(8, 2)).
"""

import ast
import math
import operator


class CalcError(ValueError):
    """An expression the calculator will not work out. The bot shows the message to the user."""


NAMES = {"sqrt": math.sqrt, "abs": abs, "round": round, "min": min, "max": max, "pi": math.pi, "e": math.e,
         "math": math}
MAX_LENGTH = 500
LIMIT = 10**100

OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
             ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.USub: operator.neg, ast.UAdd: operator.pos}


def evaluate(expression):
    """Works out an arithmetic expression such as "(3 + 4) * 2" and returns the number."""
    expression = expression.strip()
    if not expression:
        raise CalcError("there is nothing to calculate")
    if len(expression) > MAX_LENGTH:
        raise CalcError(f"that is longer than {MAX_LENGTH} characters")
    try:
        value = _eval(ast.parse(expression, mode="eval").body)
    except ZeroDivisionError:
        raise CalcError("division by zero") from None
    except CalcError:
        raise
    except Exception as err:
        raise CalcError(f"I don't understand {expression!r}: {err}") from None
    if isinstance(value, (int, float)) and abs(value) > LIMIT:
        raise CalcError("that number is too large")
    return value


def _eval(node):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in NAMES:
            raise CalcError(f"unknown name {node.id!r}")
        return NAMES[node.id]
    if isinstance(node, ast.Attribute):  # math.pi, math.hypot
        return getattr(_eval(node.value), node.attr)
    if isinstance(node, ast.Call):
        return _eval(node.func)(*[_eval(a) for a in node.args])
    if isinstance(node, ast.UnaryOp) and type(node.op) in OPERATORS:
        return OPERATORS[type(node.op)](_eval(node.operand))
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left), _eval(node.right)
        if isinstance(node.op, ast.Pow):
            if abs(right) > 1000:
                raise CalcError("that exponent is too large")
            return left**right
        if type(node.op) in OPERATORS:
            return OPERATORS[type(node.op)](left, right)
    raise CalcError(f"{type(node).__name__} is not allowed")
