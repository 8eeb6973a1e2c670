"""The arithmetic behind the chat bot's `calc` command.

Anyone in the team chat can type `calc 1200 * 0.8 + 45` and the bot answers with the result.
evaluate() does the work; app/bot.py turns its answer (or its CalcError) into a reply.

This version keeps Python doing the arithmetic, but only after making sure the expression
is one: every node of the parsed tree must be on a short allowlist (numbers, the arithmetic
operators, the listed names, calls of the listed functions by name). Powers are rewritten
into calls of a checked function, and the tree is compiled and run with no builtins at
all. A tree that passes the allowlist cannot reach attributes, subscripts, strings or
anything else; the empty builtins are only a second fence.
"""

import ast
import math


class CalcError(ValueError):
    """An expression the calculator will not work out. The bot shows the message to the user."""


FUNCTIONS = {"sqrt": math.sqrt, "abs": abs, "round": round, "min": min, "max": max}
CONSTANTS = {"pi": math.pi, "e": math.e}
MAX_LENGTH = 500
LIMIT = 10**100

ALLOWED_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Load, ast.Call,
                 ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.UAdd, ast.USub)
POW = "pow_checked_"  # not a name a user can type: names are checked against the allowlist first


def _pow_checked(base, exponent):
    if base != 0 and exponent * math.log10(abs(base)) > 100:
        raise CalcError("that number is too large")
    return _limit(base**exponent)


def _limit(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CalcError("the result is not a real number")
    if not math.isfinite(value) or abs(value) > LIMIT:
        raise CalcError("that number is too large")
    return value


def _check_tree(tree):
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED_NODES):
            raise CalcError(f"{type(node).__name__} is not part of arithmetic")
        if isinstance(node, ast.Constant) and type(node.value) not in (int, float):
            raise CalcError("only numbers are allowed")
        if isinstance(node, ast.Name) and node.id not in FUNCTIONS and node.id not in CONSTANTS:
            raise CalcError(f"I don't know {node.id!r}")
        if isinstance(node, ast.Call):
            if not (isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS) or node.keywords:
                raise CalcError("only sqrt, abs, round, min and max can be called")


class _CheckPowers(ast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Pow):
            call = ast.Call(func=ast.Name(id=POW, ctx=ast.Load()), args=[node.left, node.right], keywords=[])
            return ast.copy_location(call, node)
        return node


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
        raise CalcError("that is not an arithmetic expression") from None
    _check_tree(tree)
    tree = ast.fix_missing_locations(_CheckPowers().visit(tree))
    names = {**FUNCTIONS, **CONSTANTS, POW: _pow_checked, "__builtins__": {}}
    try:
        value = eval(compile(tree, "<calc>", "eval"), names)
    except ZeroDivisionError:
        raise CalcError("division by zero") from None
    except OverflowError:
        raise CalcError("that number is too large") from None
    except (TypeError, ValueError) as err:
        if isinstance(err, CalcError):
            raise
        raise CalcError(f"that doesn't work out: {err}") from None
    except RecursionError:
        raise CalcError("that is nested too deeply") from None
    return _limit(value)
