"""The arithmetic behind the chat bot's `calc` command."""

import math
import re


class CalcError(ValueError):
    """An expression the calculator will not work out. The bot shows the message to the user."""


FUNCTIONS = {"sqrt": math.sqrt, "abs": abs, "round": round, "min": min, "max": max}
CONSTANTS = {"pi": math.pi, "e": math.e}

MAX_LENGTH = 500
# Digits, operators, parentheses, commas, spaces and lower-case letters for the function names:
# no quotes, brackets, underscores or dots after letters, so no strings and no attributes.
ALLOWED = re.compile(r"[0-9a-z+\-*/%()., \t]*")


def evaluate(expression):
    """Works out an arithmetic expression such as "(3 + 4) * 2" and returns the number."""
    expression = expression.strip()
    if not expression:
        raise CalcError("there is nothing to calculate")
    if len(expression) > MAX_LENGTH:
        raise CalcError(f"that is longer than {MAX_LENGTH} characters")
    if not ALLOWED.fullmatch(expression) or re.search(r"[a-z]\s*\.", expression):
        raise CalcError("only numbers, operators and the calculator's functions are allowed")
    try:
        value = eval(expression, {"__builtins__": {}}, {**FUNCTIONS, **CONSTANTS})
    except ZeroDivisionError:
        raise CalcError("division by zero") from None
    except (SyntaxError, NameError, TypeError, ValueError, OverflowError, MemoryError):
        raise CalcError(f"I don't understand {expression!r}") from None
    if not isinstance(value, (int, float)):
        raise CalcError("the result is not a number")
    return value
