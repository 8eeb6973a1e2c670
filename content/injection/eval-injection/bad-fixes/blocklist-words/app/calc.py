"""The arithmetic behind the chat bot's `calc` command."""

import math


class CalcError(ValueError):
    """An expression the calculator will not work out. The bot shows the message to the user."""


FUNCTIONS = {"sqrt": math.sqrt, "abs": abs, "round": round, "min": min, "max": max}
CONSTANTS = {"pi": math.pi, "e": math.e}

MAX_LENGTH = 500
FORBIDDEN = ("__", "import", "open", "exec", "eval", "compile", "globals", "vars")


def evaluate(expression):
    """Works out an arithmetic expression such as "(3 + 4) * 2" and returns the number."""
    expression = expression.strip()
    if not expression:
        raise CalcError("there is nothing to calculate")
    if len(expression) > MAX_LENGTH:
        raise CalcError(f"that is longer than {MAX_LENGTH} characters")
    for word in FORBIDDEN:
        if word in expression:
            raise CalcError(f"{word!r} is not allowed")
    try:
        return eval(expression, {**FUNCTIONS, **CONSTANTS})
    except ZeroDivisionError:
        raise CalcError("division by zero") from None
    except (SyntaxError, NameError, TypeError, ValueError, OverflowError, MemoryError):
        raise CalcError(f"I don't understand {expression!r}") from None
