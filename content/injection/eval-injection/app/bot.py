"""Abacus, the team chat bot of Fernhill Lettings.

The chat service hands every message that mentions the bot to handle() and posts the string
it returns back into the channel, so every member of the workspace (staff, but also the
contractors and landlords invited to shared channels) can talk to it.
"""

from app import calc, settings

HELP = ("I can do arithmetic: calc <expression>, e.g. calc (1250 + 80) * 12 or calc round(sqrt(2), 3). "
        "I know + - * / // % **, parentheses, pi, e, sqrt, abs, round, min and max.")


def _format(value):
    if isinstance(value, float):
        return f"{value:.12g}"
    return str(value)


def handle(message):
    """Answers one chat message."""
    text = message.strip()
    if text.lower() in ("help", "hi", "hello"):
        return f"Hi, I'm {settings.bot_name()}. {HELP}"
    command, _, rest = text.partition(" ")
    if command.lower() != "calc":
        return "Sorry, I only know 'calc <expression>' and 'help'."
    try:
        value = calc.evaluate(rest)
    except calc.CalcError as err:
        return f"Sorry, I can't work that out: {err}"
    return f"{rest.strip()} = {_format(value)}"
