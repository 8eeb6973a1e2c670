"""The arithmetic behind the chat bot's `calc` command: a tree walker over ast.parse()."""

import ast
import math
import operator


class CalcError(ValueError):
    """An expression the calculator will not work out. The bot shows the message to the user."""


FUNCTIONS = {"sqrt": math.sqrt, "abs": abs, "round": round, "min": min, "max": max}
CONSTANTS = {"pi": math.pi, "e": math.e}

MAX_LENGTH = 500


BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg}


def evaluate(expression):
    """Works out an arithmetic expression such as "(3 + 4) * 2" and returns the number."""
    if not isinstance(expression, str):
        raise CalcError("an expression is text")
    expression = expression.strip()
    if not expression:
        raise CalcError("there is nothing to calculate")
    if len(expression) > MAX_LENGTH:
        raise CalcError(f"that is longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(expression, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise CalcError(f"I don't understand {expression!r}") from None
    return _value(tree.body)


def _checked(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CalcError("the result is not a real number")
    return value


def _value(node):
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return _checked(node.value)
    if isinstance(node, ast.Name) and node.id in CONSTANTS:
        return CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp) and type(node.op) in UNARY:
        return UNARY[type(node.op)](_value(node.operand))
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        left, right = _value(node.left), _value(node.right)
        try:
            return _checked(BINARY[type(node.op)](left, right))
        except ZeroDivisionError:
            raise CalcError("division by zero") from None
        except OverflowError:
            raise CalcError("that number is too large") from None
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS
            and not node.keywords):
        args = [_value(arg) for arg in node.args]  # a *starred argument is refused here
        try:
            return _checked(FUNCTIONS[node.func.id](*args))
        except (TypeError, ValueError, OverflowError) as err:
            if isinstance(err, CalcError):
                raise
            raise CalcError(f"{node.func.id}() can't do that: {err}") from None
    raise CalcError("only numbers, + - * / // % **, parentheses, pi, e, sqrt, abs, round, min "
                    "and max are allowed")
