"""The arithmetic behind the chat bot's `calc` command."""

import ast


class CalcError(ValueError):
    """An expression the calculator will not work out. The bot shows the message to the user."""


MAX_LENGTH = 500


def evaluate(expression):
    """Works out an arithmetic expression such as "(3 + 4) * 2" and returns the number."""
    expression = expression.strip()
    if not expression:
        raise CalcError("there is nothing to calculate")
    if len(expression) > MAX_LENGTH:
        raise CalcError(f"that is longer than {MAX_LENGTH} characters")
    try:
        # literal_eval is the safe eval: it only accepts Python literals.
        value = ast.literal_eval(expression)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise CalcError(f"I don't understand {expression!r}") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CalcError("the result is not a number")
    return value
