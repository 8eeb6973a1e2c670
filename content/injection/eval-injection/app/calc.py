"""The arithmetic behind the chat bot's `calc` command.

Anyone in the team chat can type `calc 1200 * 0.8 + 45` and the bot answers with the result.
evaluate() does the work; app/bot.py turns its answer (or its CalcError) into a reply.
"""

import math


class CalcError(ValueError):
    """An expression the calculator will not work out. The bot shows the message to the user."""


# Besides numbers, operators and parentheses, people may use these.
FUNCTIONS = {"sqrt": math.sqrt, "abs": abs, "round": round, "min": min, "max": max}
CONSTANTS = {"pi": math.pi, "e": math.e}

MAX_LENGTH = 500


def evaluate(expression):
    """Works out an arithmetic expression such as "(3 + 4) * 2" and returns the number."""
    expression = expression.strip()
    if not expression:
        raise CalcError("there is nothing to calculate")
    if len(expression) > MAX_LENGTH:
        raise CalcError(f"that is longer than {MAX_LENGTH} characters")
    try:
        # Python already knows arithmetic and precedence, so let Python do it.
        return eval(expression, {**FUNCTIONS, **CONSTANTS})
    except ZeroDivisionError:
        raise CalcError("division by zero") from None
    except (SyntaxError, NameError, TypeError):
        raise CalcError(f"I don't understand {expression!r}") from None
