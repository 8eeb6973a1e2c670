"""The arithmetic behind the chat bot's `calc` command.

Anyone in the team chat can type `calc 1200 * 0.8 + 45` and the bot answers with the result.
evaluate() does the work; app/bot.py turns its answer (or its CalcError) into a reply.

This version never involves Python's compiler: a tokenizer with one regular expression
and a small recursive-descent parser that computes as it parses. The grammar follows
Python's precedence (** binds tighter than unary minus on its left, and groups from the
right), and anything it does not know is a CalcError, so there is nothing to inject into.
"""

import math
import re


class CalcError(ValueError):
    """An expression the calculator will not work out. The bot shows the message to the user."""


FUNCTIONS = {"sqrt": math.sqrt, "abs": abs, "round": round, "min": min, "max": max}
CONSTANTS = {"pi": math.pi, "e": math.e}
MAX_LENGTH = 500
MAX_DEPTH = 100  # parentheses and signs nested deeper than this are refused
MAX_DIGITS = 100  # results are kept below 10 ** MAX_DIGITS

TOKEN = re.compile(r"\s*(?:(?P<num>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)|(?P<name>[A-Za-z]\w*)"
                   r"|(?P<op>\*\*|//|[-+*/%(),]))")


def _tokens(text):
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if not match:
            raise CalcError(f"unexpected {text[pos:].strip()[:10]!r}")
        pos = match.end()
        if match["num"]:
            literal = match["num"]
            tokens.append(("num", float(literal) if any(c in literal for c in ".eE") else int(literal)))
        elif match["name"]:
            tokens.append(("name", match["name"]))
        else:
            tokens.append(("op", match["op"]))
    return tokens


def _check(value):
    if isinstance(value, complex):
        raise CalcError("the result is not a real number")
    if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
        raise CalcError("that number is too large")
    if abs(value) >= 10**MAX_DIGITS + 1:
        raise CalcError("that number is too large")
    return value


def _power(base, exponent):
    # log10 of the result is exponent * log10(|base|): refuse before computing, not after.
    if base != 0 and exponent * math.log10(abs(base)) > MAX_DIGITS:
        raise CalcError("that number is too large")
    return base**exponent


class _Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", None)

    def take(self, kind=None, value=None):
        token = self.peek()
        if kind and (token[0] != kind or (value is not None and token[1] != value)):
            raise CalcError(f"expected {value or kind} but found {token[1] if token[1] is not None else 'the end'}")
        self.pos += 1
        return token

    def nest(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise CalcError("that is nested too deeply")

    # sum := product (('+' | '-') product)*
    def sum(self):
        value = self.product()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            right = self.product()
            value = _check(value + right if op == "+" else value - right)
        return value

    # product := unary (('*' | '/' | '//' | '%') unary)*
    def product(self):
        value = self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in ("*", "/", "//", "%"):
            op = self.take()[1]
            right = self.unary()
            try:
                if op == "*":
                    value = value * right
                elif op == "/":
                    value = value / right
                elif op == "//":
                    value = value // right
                else:
                    value = value % right
            except ZeroDivisionError:
                raise CalcError("division by zero") from None
            value = _check(value)
        return value

    # unary := ('+' | '-') unary | power
    def unary(self):
        if self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            self.nest()
            value = self.unary()
            self.depth -= 1
            return -value if op == "-" else +value
        return self.power()

    # power := atom ('**' unary)?     (right-associative, and 2 ** -1 is allowed)
    def power(self):
        base = self.atom()
        if self.peek() == ("op", "**"):
            self.take()
            self.nest()
            exponent = self.unary()
            self.depth -= 1
            try:
                return _check(_power(base, exponent))
            except ZeroDivisionError:
                raise CalcError("division by zero") from None
            except OverflowError:
                raise CalcError("that number is too large") from None
        return base

    # atom := number | constant | function '(' sum (',' sum)* ')' | '(' sum ')'
    def atom(self):
        kind, value = self.take()
        if kind == "num":
            return _check(value)
        if kind == "op" and value == "(":
            self.nest()
            inner = self.sum()
            self.take("op", ")")
            self.depth -= 1
            return inner
        if kind == "name" and value in CONSTANTS:
            return CONSTANTS[value]
        if kind == "name" and value in FUNCTIONS:
            self.take("op", "(")
            args = [] if self.peek() == ("op", ")") else [self.sum()]
            while self.peek() == ("op", ","):
                self.take()
                args.append(self.sum())
            self.take("op", ")")
            try:
                return _check(FUNCTIONS[value](*args))
            except (TypeError, ValueError, OverflowError) as err:
                if isinstance(err, CalcError):
                    raise
                raise CalcError(f"{value}() can't do that: {err}") from None
        if kind == "name":
            raise CalcError(f"I don't know {value!r}")
        raise CalcError(f"unexpected {value if value is not None else 'end'}")


def evaluate(expression):
    """Works out an arithmetic expression such as "(3 + 4) * 2" and returns the number."""
    if not isinstance(expression, str):
        raise CalcError("an expression is text")
    text = expression.strip()
    if not text:
        raise CalcError("there is nothing to calculate")
    if len(text) > MAX_LENGTH:
        raise CalcError(f"that is longer than {MAX_LENGTH} characters")
    parser = _Parser(_tokens(text))
    value = parser.sum()
    if parser.peek()[0] != "end":
        raise CalcError(f"unexpected {parser.peek()[1]!r}")
    return value
