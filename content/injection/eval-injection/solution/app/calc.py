"""The arithmetic behind the chat bot's `calc` command.

Anyone in the team chat can type `calc 1200 * 0.8 + 45` and the bot answers with the result.
evaluate() does the work; app/bot.py turns its answer (or its CalcError) into a reply.

Fixed: the expression is never run as Python. ast.parse() only reads it into a tree, and
_value() walks that tree, computing the few kinds of node a calculator needs (numbers,
the arithmetic operators, the listed constants and functions called by name) and refusing
everything else, so attribute access, subscripts, strings, lambdas and comprehensions have
no meaning here. Powers are estimated before they are computed and every intermediate
result is kept within LIMIT, so no expression can make the bot compute for minutes.
"""

import ast
import math
import operator


class CalcError(ValueError):
    """An expression the calculator will not work out. The bot shows the message to the user."""


FUNCTIONS = {"sqrt": math.sqrt, "abs": abs, "round": round, "min": min, "max": max}
CONSTANTS = {"pi": math.pi, "e": math.e}

MAX_LENGTH = 500
LIMIT = 10**100  # nobody budgets in googols; larger numbers are refused


def _power(base, exponent):
    # log10 of the result is exponent * log10(|base|): estimate it before computing, since
    # 9 ** 9 ** 9 would otherwise keep the bot busy for minutes.
    if base != 0 and exponent * math.log10(abs(base)) > math.log10(LIMIT):
        raise CalcError("that number is too large")
    return base**exponent


BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: _power,
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
    if isinstance(value, float) and not math.isfinite(value):
        raise CalcError("that number is too large")
    if abs(value) > LIMIT:
        raise CalcError("that number is too large")
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
