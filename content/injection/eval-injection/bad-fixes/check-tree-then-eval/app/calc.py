"""The arithmetic behind the chat bot's `calc` command."""

import ast
import math


class CalcError(ValueError):
    """An expression the calculator will not work out. The bot shows the message to the user."""


FUNCTIONS = {"sqrt": math.sqrt, "abs": abs, "round": round, "min": min, "max": max}
CONSTANTS = {"pi": math.pi, "e": math.e}

MAX_LENGTH = 500
# The node types that make eval() dangerous.
DANGEROUS = (ast.Attribute, ast.Subscript, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
             ast.GeneratorExp, ast.NamedExpr, ast.JoinedStr)


def evaluate(expression):
    """Works out an arithmetic expression such as "(3 + 4) * 2" and returns the number."""
    expression = expression.strip()
    if not expression:
        raise CalcError("there is nothing to calculate")
    if len(expression) > MAX_LENGTH:
        raise CalcError(f"that is longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        raise CalcError(f"I don't understand {expression!r}") from None
    for node in ast.walk(tree):
        if isinstance(node, DANGEROUS):
            raise CalcError(f"{type(node).__name__} is not allowed")
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise CalcError(f"{node.id!r} is not allowed")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            if isinstance(node.right, ast.Constant) and abs(node.right.value) > 1000:
                raise CalcError("that exponent is too large")
    # The tree is checked, so evaluating it is safe now.
    try:
        value = eval(compile(tree, "<calc>", "eval"), {**FUNCTIONS, **CONSTANTS})
    except ZeroDivisionError:
        raise CalcError("division by zero") from None
    except (NameError, TypeError, ValueError, OverflowError):
        raise CalcError(f"I don't understand {expression!r}") from None
    if isinstance(value, (int, float)) and abs(value) > 10**100:
        raise CalcError("that number is too large")
    return value
