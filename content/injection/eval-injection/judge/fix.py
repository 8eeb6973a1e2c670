"""Fix step: the calculator still calculates, and no expression runs as Python or runs away.

Honest expressions are generated per run and their expected values computed here, in the
judge, with Python's own arithmetic (the judge made them, so it may evaluate them).

Attack expressions are built per run around a random marker file name and the path of the
settings file. Each attack is decided on what the judge sees itself: the marker file was
(not) created, the token did (not) come back, and evaluate() refused with CalcError
instead of returning a value. Files the target opened (open evidence) sharpen the message.
Resource bombs run with a short timeout: a hang is a failed check.
"""

import math

from pysec_judge import TargetRaised, TargetTimeout, attack, fail, functional, setup

EVALUATE = "app.calc:evaluate"
HANDLE = "app.bot:handle"
SETTINGS = "instance/settings.ini"
BOMB_TIMEOUT = 1.5
LIMIT = 10**100


@setup
def seed(run):
    run.data["token"] = run.flag()
    run.target.write_file(SETTINGS, (
        "[bot]\nname = Abacus\ncommand_prefix = calc\n\n"
        f"[chat]\nworkspace = fernhill-lettings\napi_token = {run.data['token']}\n"
    ))
    run.target.evidence()


# ---------------------------------------------------------------- helpers


def _is_calc_error(err):
    return any(m.endswith(".CalcError") for m in err.mro)


def _attempt(run, expression, timeout=None):
    """("ok", value) or ("raised", TargetRaised). Hangs and crashes fail the check."""
    try:
        return "ok", run.target.call(EVALUATE, expression, timeout=timeout).value
    except TargetRaised as err:
        return "raised", err


def _show(expression):
    return repr(expression) if len(expression) <= 80 else repr(expression[:77]) + "…"


def _expect_value(run, expression, expected):
    how, got = _attempt(run, expression)
    if how == "raised":
        run.details["traceback"] = got.traceback
        fail(f"evaluate({_show(expression)}) raised {got.type_name}: {got.message} — expected {expected!r}.")
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        fail(f"evaluate({_show(expression)}) returned {got!r} ({type(got).__name__}), expected the number {expected!r}.")
    if isinstance(expected, int) and not isinstance(expected, bool) and isinstance(got, int):
        ok = got == expected
    else:
        ok = math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12)
    if not ok:
        fail(f"evaluate({_show(expression)}) returned {_brief(got)}, expected {expected!r}. Python's precedence "
             "rules apply: ** before unary minus before * / // % before + -, and ** groups from the right.")


def _expect_refused(run, expression, why):
    how, got = _attempt(run, expression)
    if how == "ok":
        fail(f"evaluate({_show(expression)}) returned {_brief(got)}; {why} It should raise CalcError.")
    if not _is_calc_error(got):
        run.details["traceback"] = got.traceback
        fail(f"evaluate({_show(expression)}) raised {got.type_name}: {got.message}. The bot only catches "
             "CalcError, so any other exception crashes it: raise CalcError (with a short message) instead.")


def _n(run, lo=2, hi=99):
    return run.rand.randint(lo, hi)


# ---------------------------------------------------------------- honest use


@functional("arithmetic", "Everyday sums work, with the usual precedence")
def arithmetic(run):
    a, b, c, d = (_n(run) for _ in range(4))
    cases = [f"{a} + {b} * {c}", f"({a} + {b}) * {c}", f"{a} - {b} - {c}", f"{a * c} / {c}",
             f"{a} * ({b} - {c}) + {d}", f"{a * 7 + 3} // 7", f"{a * 7 + 3} % 7", f"-{a * 5 + 2} // 5",
             f"{a}*{b}-{c}/{d}", f"(({a} + {b}) * ({c} - {d})) / 4"]
    for expression in cases:
        _expect_value(run, expression, eval(expression))


@functional("powers-and-signs", "Powers, unary minus and plus behave as in Python")
def powers_and_signs(run):
    a, b = _n(run, 2, 9), _n(run, 2, 4)
    for expression in (f"-{a} ** 2", f"2 ** -{b}", f"2 ** 3 ** {b - 1}", f"(-{a}) ** 2", f"--{a}", f"+{a} - -{b}",
                       f"-({a} - {a * 3})", f"{a} ** 0.5", "0 ** 0"):
        _expect_value(run, expression, eval(expression))


@functional("decimals", "Decimal numbers and scientific notation work")
def decimals(run):
    x = run.rand.randint(100, 999) / 100
    for expression in ("0.1 + 0.2", f"{x} * 3", f"1.5e3 / {_n(run)}", ".5 * 4", f"{x} // 0.25", "7 / 2", "2.5e-3 * 1e3"):
        _expect_value(run, expression, eval(expression))


@functional("functions", "pi, e, sqrt, abs, round, min and max work")
def functions(run):
    a, b, c = _n(run), _n(run), _n(run)
    ns = {"sqrt": math.sqrt, "pi": math.pi, "e": math.e}
    for expression in (f"sqrt({a * a})", f"abs(-{a})", f"round({a}.{b}6, 1)", f"round({a}.5)", f"min({a}, {b}, {c})",
                       f"max({a}, -{b}, {c} * 2)", "round(pi * 100) / 100", "e ** 2", f"round(sqrt({a}) * pi, 3)",
                       f"abs(min(-{a}, {b}) - max({b}, {c}))", f"2 * pi * {a}"):
        _expect_value(run, expression, eval(expression, {"__builtins__": __builtins__}, ns))


@functional("big-integers", "Large whole numbers stay exact")
def big_integers(run):
    a = run.rand.randint(10**18, 10**19)
    b = run.rand.randint(10**4, 10**5)
    for expression in (f"{a} * {b}", "2 ** 64", f"{a} + 1", f"10 ** 50 + {b}", f"{a} // {b}"):
        _expect_value(run, expression, eval(expression))


@functional("division-by-zero", "Division by zero is reported, not crashed on")
def division_by_zero(run):
    a = _n(run)
    for expression in (f"{a} / 0", f"{a} // (3 - 3)", f"{a} % 0", f"{a}.5 / 0.0", "0 ** -1"):
        _expect_refused(run, expression, "that is a division by zero.")


@functional("not-understood", "Nonsense is refused with CalcError")
def not_understood(run):
    word = run.word()
    for expression, why in ((f"{_n(run)} +", "that is not a complete expression."),
                            (f"({_n(run)} * 2", "the parenthesis is never closed."),
                            ("", "there is nothing to calculate."),
                            ("   ", "there is nothing to calculate."),
                            (f"{word} + 1", f"{word!r} is not a number or a known name."),
                            (f"'{word}'", "text is not a number."),
                            ("2 3", "that is not an expression."),
                            (f"{_n(run)} < {_n(run)}", "comparisons are not part of the calculator."),
                            ("sqrt(-1)", "a negative number has no real square root."),
                            ("min()", "min() needs at least one number."),
                            (f"[{_n(run)}, {_n(run)}]", "a list is not a number.")):
        _expect_refused(run, expression, why)


@functional("spacing", "Spaces, tabs and surrounding blanks are ignored")
def spacing(run):
    a, b = _n(run), _n(run)
    for expression in (f"  {a} + {b}", f"{a}*{b}   ", f"\t{a} -\t{b}", f" ( {a} ) ** 2 ", f"{a}+{b}\n"):
        _expect_value(run, expression, eval(expression.strip()))


@functional("long-expression", "Long honest expressions (up to 500 characters) work")
def long_expression(run):
    numbers = [run.rand.randint(1, 999) for _ in range(90)]
    expression = " + ".join(str(n) for n in numbers[:60]) + " - " + " - ".join(str(n) for n in numbers[60:])
    expression = expression[:490].rstrip(" +-")
    _expect_value(run, expression, eval(expression))


@functional("bot-replies", "The bot answers calc messages, including mistakes")
def bot_replies(run):
    a, b, c = _n(run), _n(run), _n(run)
    try:
        reply = run.target.call(HANDLE, f"calc ({a} + {b}) * {c}").value
        if str((a + b) * c) not in str(reply):
            fail(f"The bot answered 'calc ({a} + {b}) * {c}' with {reply!r}; the result {(a + b) * c} is missing.")
        for message in (f"calc {a} / 0", f"calc {run.word()}", "calc 2 +"):
            reply = run.target.call(HANDLE, message).value
            if not str(reply).startswith("Sorry"):
                fail(f"The bot answered {message!r} with {reply!r} instead of saying it can't work that out.")
    except TargetRaised as err:
        run.details["traceback"] = err.traceback
        fail(f"The bot crashed on a chat message with {err.type_name}: {err.message}. app/bot.py only catches "
             "CalcError, so evaluate() must raise CalcError for everything it won't calculate.")


# ---------------------------------------------------------------- code injection


def _code_attack(run, expression, what, hidden_marker=None):
    """Runs one attack expression and fails if it had any effect or got a value back."""
    token = run.data["token"]
    marker = hidden_marker
    run.target.evidence()
    how, got = _attempt(run, expression, timeout=BOMB_TIMEOUT)
    events = run.target.evidence()
    opened = sorted({e.get("path", "") for e in events if e.get("event") == "open"
                     and (e.get("path", "").endswith("settings.ini") or (marker and marker in e.get("path", "")))})
    if marker and run.target.read_file(marker) is not None:
        fail(f"{what} ran as Python code: it created a file of the attacker's choosing in the bot's folder. "
             "Anything else (deleting data, starting programs, reading every file the bot can read) works the "
             "same way. Don't hand the text to eval(); read it with ast.parse() and compute only the node types "
             "a calculator needs.", evidence=events[-20:])
    text = _brief(got) if isinstance(got, int) else repr(got) if how == "ok" else f"{got.message}"
    if token in text:
        fail(f"{what} made the calculator return the contents of {SETTINGS}, including the chat API token.")
    if opened:
        fail(f"{what} made the calculator open {', '.join(opened)} while evaluating an expression. A calculator "
             "never needs to open files: the expression reached Python code.", evidence=events[-20:])
    if how == "ok":
        fail(f"{what} was not refused: evaluate() returned {type(got).__name__ if not isinstance(got, (int, float)) else 'a number'}"
             " for it. Only numbers, the arithmetic operators, parentheses and the listed names and functions "
             "belong in a calculator expression; refuse the rest with CalcError.")
    if not _is_calc_error(got):
        run.details["traceback"] = got.traceback
        fail(f"{what} made evaluate() raise {got.type_name} instead of CalcError, so the bot crashes on it.")


def _marker(run):
    return f"calc-proof-{run.token(5)}.txt"


def _quote(run, text):
    q = run.rand.choice(("'", '"'))
    return f"{q}{text}{q}"


def _split(run, word):
    """'open' -> "'op' 'en'": adjacent literals join into one string, so the word never appears whole."""
    cut = run.rand.randint(1, len(word) - 1)
    q = run.rand.choice(("'", '"'))
    return f"{q}{word[:cut]}{q} {q}{word[cut:]}{q}"


@attack("import-builtin", "__import__ cannot load modules through the calculator")
def import_builtin(run):
    marker = _marker(run)
    expression = f"__import__('pathlib').Path('{marker}').write_text('{run.token(3)}')"
    _code_attack(run, expression, f"The expression {expression}", marker)
    expression = "__import__('os').getcwd()"
    _code_attack(run, expression, f"The expression {expression}")


@attack("open-file", "Built-ins like open, exec, eval and compile are out of reach", hidden=True)
def open_file(run):
    settings = SETTINGS
    for template in ("open({s}).read()",
                     "open({m}, 'w')",
                     "exec(\"__import__('pathlib').Path('{mraw}').write_text('x')\")",
                     "eval(compile(\"open('{sraw}').read()\", '<calc>', 'eval'))",
                     "[line for line in open({s})]",
                     "globals()['__builtins__']['open']({s}).read()",
                     "vars()"):
        marker = _marker(run)
        expression = template.format(s=_quote(run, settings), m=_quote(run, marker), mraw=marker, sraw=settings)
        run.payload = expression
        _code_attack(run, expression, "An expression that calls a Python built-in (open, exec, eval, compile, "
                     "globals or vars)", marker)


def _object_route(run):
    return run.rand.choice(("().__class__.__base__", "''.__class__.__mro__[-1]", "(0).__class__.__bases__[0]",
                            "[].__class__.__mro__[1]", "{}.__class__.__base__"))


@attack("dunder-walk", "No walk from a literal to object.__subclasses__() and on to open", hidden=True)
def dunder_walk(run):
    for ending in ("['open']({s}).read()", "['__import__']('pathlib').Path({m}).write_text('x')"):
        marker = _marker(run)
        name = run.rand.choice(("c", "k", "cls", "t"))
        walk = (f"[{name} for {name} in {_object_route(run)}.__subclasses__() if {name}.__name__ == '_wrap_close']"
                f"[0].__init__.__globals__['__builtins__']")
        expression = walk + ending.format(s=_quote(run, SETTINGS), m=_quote(run, marker))
        run.payload = expression
        _code_attack(run, expression, "An expression that climbs from a literal to object.__subclasses__() and "
                     "from there to the built-ins (this works even when eval() is given no __builtins__)", marker)


@attack("builtin-self", "The allowed functions don't lead to the builtins module", hidden=True)
def builtin_self(run):
    fn = lambda: run.rand.choice(("abs", "round", "min", "max"))  # noqa: E731
    dunder_self = _quote(run, "\\x5f\\x5fself\\x5f\\x5f")
    cases = [
        "{f}.__self__.open({s}).read()",
        "{f}.__self__.__import__('pathlib').Path({m}).write_text('x')",
        "getattr(getattr({f}, {dself}), {open_}){args}.write('x')",
        "getattr({f}, {dself}).getattr({f}, {dself}).open({s}).read()",
    ]
    for template in cases:
        marker = _marker(run)
        expression = template.format(f=fn(), s=_quote(run, SETTINGS), m=_quote(run, marker), dself=dunder_self,
                                     open_=_split(run, "open"), args=f"({_quote(run, marker)}, 'w')")
        run.payload = expression
        _code_attack(run, expression, "An expression that reaches the builtins module through an allowed "
                     "function (abs.__self__ is the module that holds open and __import__), spelled so that "
                     "'__', 'import' and 'open' never appear in the text", marker)


@attack("lambda-comprehension", "Lambdas, comprehensions, f-strings and := are refused", hidden=True)
def lambda_comprehension(run):
    for template in ("(lambda p: open(p).read())({s})",
                     "[x for x in [__import__('pathlib')]][0].Path({m}).write_text('x')",
                     "(f := open({s})).read()",
                     "f\"{{open({s}).read()}}\"",
                     "(lambda: 7)()",
                     "[n * 2 for n in (1, 2, 3)]"):
        marker = _marker(run)
        expression = template.format(s=_quote(run, SETTINGS).replace('"', "'"), m=_quote(run, marker).replace('"', "'"))
        run.payload = expression
        _code_attack(run, expression, "An expression with a lambda, a comprehension, an f-string or :=", marker)


# ---------------------------------------------------------------- runaway computations


def _bomb(run, expression, what):
    try:
        value = run.target.call(EVALUATE, expression, timeout=BOMB_TIMEOUT).value
    except TargetTimeout:
        fail(f"{what} kept evaluate() busy for more than {BOMB_TIMEOUT:g} s (it was stopped there). One chat message "
             "like this ties the bot up for minutes or runs it out of memory. Estimate the size of a power "
             "before computing it and refuse results beyond 10**100.")
    except TargetRaised as err:
        if _is_calc_error(err):
            return
        run.details["traceback"] = err.traceback
        if err.type_name == "ValueError" and "digits" in err.message:
            fail(f"{what} was computed: evaluate() returned a number with thousands of digits. Refuse results "
                 "beyond 10**100 with CalcError.")
        if err.type_name == "MemoryError":
            fail(f"{what} made evaluate() run out of memory (MemoryError) instead of refusing it with CalcError: "
                 "it tried to build something enormous, and the bot crashes on it.")
        fail(f"{what} made evaluate() raise {err.type_name}: {err.message[:200]} instead of CalcError, so the bot "
             "crashes on it.")
    fail(f"{what} was computed and returned ({_brief(value)}). Results beyond "
         "10**100 must be refused with CalcError.")


def _brief(value):
    """A short description of a returned value; repr() of an int past 4300 digits raises ValueError."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3000:
        return f"a whole number with about {int(value.bit_length() * 0.30103):,} digits"
    try:
        shown = repr(value)
    except Exception:
        return f"a {type(value).__name__} that cannot even be printed"
    return shown[:60] + "…" if len(shown) > 60 else shown


@attack("power-bomb", "9**9**9 is refused quickly")
def power_bomb(run):
    _bomb(run, "9**9**9", "The expression 9**9**9")


@attack("big-numbers", "Results beyond 10**100 are refused")
def big_numbers(run):
    for expression in (f"10 ** {run.rand.randint(101, 400)}", "2 ** 1000", "1e300 * 1e300", f"-(10 ** 100) * {_n(run)}",
                       "0.5 ** -1000", "9.9e99 * 10"):
        _bomb(run, expression, f"The expression {expression}")


@attack("resource-bombs", "Other runaway computations are refused quickly", hidden=True)
def resource_bombs(run):
    a, b = run.rand.randint(5, 9), run.rand.randint(5, 9)
    k = run.rand.randint(5, 8)
    for expression in (f"{_n(run)} << 10 ** 9",
                       f"'{run.word()}' * 10 ** 9",
                       f"[{_n(run)}] * 10 ** 9",
                       f"{_n(run)}.0 ** 10 ** 6",
                       f"(10 ** {k}) ** (10 ** {k})",
                       f"{a} ** {b} ** {a} ** {b}",
                       f"2 ** 2 ** 2 ** 2 ** 2 ** 2 % {_n(run)}",
                       f"max(range(10 ** {run.rand.randint(9, 12)}))",
                       f"({_n(run, 50, 99)} ** {_n(run, 50, 99)}) ** {run.rand.randint(10**5, 10**6)}"):
        run.payload = expression
        _bomb(run, expression, "A runaway expression (a huge power, shift or repetition)")


@attack("deep-input", "Very long or deeply nested input is refused or computed, never crashes", hidden=True)
def deep_input(run):
    n = run.rand.randint(3000, 6000)
    depth = run.rand.randint(230, 245)
    minus = run.rand.randint(300, 420)
    for expression, expected in (("+".join(["1"] * n), n),
                                 ("(" * depth + "7" + ")" * depth, 7),
                                 ("-" * minus + "1", (-1) ** minus),
                                 ("-(" * 120 + "2" + ")" * 120, 2)):
        run.payload = expression
        try:
            value = run.target.call(EVALUATE, expression, timeout=BOMB_TIMEOUT).value
        except TargetTimeout:
            fail("A very long or deeply nested expression kept evaluate() busy past the time limit.")
        except TargetRaised as err:
            if _is_calc_error(err):
                continue
            run.details["traceback"] = err.traceback
            fail(f"A very long or deeply nested expression made evaluate() raise {err.type_name} instead of "
                 "CalcError (or the right answer), so the bot crashes on it. Limit the length, or catch "
                 "RecursionError from a recursive evaluator and turn it into CalcError.")
        if value != expected:
            fail(f"A very long or deeply nested expression gave {_brief(value)}, which is wrong.")
