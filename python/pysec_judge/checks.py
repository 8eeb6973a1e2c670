"""Check registry, the run context handed to each check, and the verdict it produces."""

import _json
import os

MAX_MESSAGE = 4000
MAX_DETAILS = 64 * 1024

from pysec_judge.target import TargetError

_checks = []
_setups = []

KINDS = ("functional", "attack")


class Failure(Exception):
    def __init__(self, message, details=None):
        super().__init__(message)
        self.message = message
        self.details = details or {}


def fail(message, **details):
    """Fail the current check with a message written for the learner."""
    raise Failure(message, details)


def _register(kind, check_id, title, hidden):
    def decorate(fn):
        if any(c["id"] == check_id for c in _checks):
            raise ValueError(f"duplicate check id {check_id!r}")
        _checks.append({"id": check_id, "kind": kind, "title": title, "hidden": hidden, "fn": fn})
        return fn

    return decorate


def functional(check_id, title, hidden=False):
    """Declare a check that the feature still works for honest users."""
    return _register("functional", check_id, title, hidden)


def attack(check_id, title, hidden=False):
    """Declare a check that an attack no longer works. hidden=True keeps its payload back until the lab passes."""
    return _register("attack", check_id, title, hidden)


def setup(fn):
    """Run once before the checks: create per-run data, write fixture files into the target."""
    _setups.append(fn)
    return fn


WORDS = ("amber", "basil", "cedar", "delta", "ember", "fjord", "garnet", "harbor", "indigo", "juniper",
         "kettle", "lumen", "maple", "nectar", "orchid", "pepper", "quartz", "raven", "saffron", "tundra",
         "umber", "violet", "willow", "xenon", "yarrow", "zephyr")
FIRST = ("Aoife", "Bram", "Chidi", "Dagny", "Emeka", "Farah", "Goran", "Hana", "Ines", "Jonas", "Kemal",
         "Lucia", "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor")


class Run:
    """Everything a check gets: the target, the exploit, per-run data and helpers."""

    def __init__(self, target, exploit, context):
        self.target = target
        self.exploit = exploit
        self.context = context
        self.data = {}
        self._rand = None
        self.details = {}
        self.payload = None
        self.secret_inputs = []

    @property
    def rand(self):
        """A random.Random seeded from os.urandom for this run (imported on first use: it
        costs every judge's start about a millisecond)."""
        if self._rand is None:
            import random

            self._rand = random.Random(int.from_bytes(os.urandom(8), "big"))
        return self._rand

    def hide(self, *inputs):
        """Register attack inputs of a hidden check to redact from its message and details
        (run.payload is redacted automatically)."""
        self.secret_inputs.extend(str(i) for i in inputs)

    def token(self, nbytes=12):
        """A per-run secret, unguessable and different on every run."""
        return os.urandom(nbytes).hex()

    def flag(self):
        return "PYSEC{" + os.urandom(10).hex() + "}"

    def word(self):
        return self.rand.choice(WORDS)

    def name(self):
        return self.rand.choice(FIRST)

    def text(self, length, alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"):
        return "".join(self.rand.choice(alphabet) for _ in range(length))


def _describe_target_error(err):
    details = {}
    tb = getattr(err, "traceback", "")
    if tb:
        details["traceback"] = tb
    output = getattr(err, "output", "")
    if output:
        details["output"] = output[-4000:]
    return details


def _trace():
    import traceback  # only on the error path: keeps the judge's start fast

    return traceback.format_exc()


HIDDEN = "‹hidden input›"

# JSON size of a check's details as json.dumps(details, default=repr) would write them
# (the json module itself imports re: see pysec_wire).
_measure = _json.make_encoder(None, repr, _json.encode_basestring_ascii, None, ": ", ", ", False, False, True)


# A hidden input is also hidden when only part of it is quoted (a shortened traceback,
# a message that cuts a long value): any run of FRAGMENT characters of a long needle goes.
FRAGMENT = 16
# Past this size a string is cut before it is searched (the verdict caps it anyway).
MAX_SCAN = 256 * 1024


def _redact_text(text, needles):
    if len(text) > MAX_SCAN:
        text = text[:MAX_SCAN]
    for needle in needles:
        if len(needle) >= 8:
            text = text.replace(needle, HIDDEN)
        else:
            # Short needles only as whole words: hiding "None" must not eat "NoneType".
            import re

            text = re.sub(r"(?<![0-9A-Za-z_])" + re.escape(needle) + r"(?![0-9A-Za-z_])", HIDDEN, text)
    pieces = {n[i:i + FRAGMENT] for n in needles if len(n) > FRAGMENT for i in range(len(n) - FRAGMENT + 1)}
    pieces.discard(HIDDEN[:FRAGMENT])
    if not pieces or len(text) < FRAGMENT:
        return text
    hidden = bytearray(len(text))
    for j in range(len(text) - FRAGMENT + 1):
        if text[j:j + FRAGMENT] in pieces:
            hidden[j:j + FRAGMENT] = b"\x01" * FRAGMENT
    if not any(hidden):
        return text
    out, j = [], 0
    while j < len(text):
        if hidden[j]:
            while j < len(text) and hidden[j]:
                j += 1
            out.append(HIDDEN)
        else:
            out.append(text[j])
            j += 1
    return "".join(out)


def _redact(value, needles):
    if isinstance(value, str):
        return _redact_text(value, needles)
    if isinstance(value, list):
        return [_redact(v, needles) for v in value]
    if isinstance(value, dict):
        return {k: _redact(v, needles) for k, v in value.items()}
    return value


def _needles(run):
    """The strings a hidden check must not show before the lab is passed."""
    raw = list(run.secret_inputs)
    if run.payload is not None:
        text = run.payload if isinstance(run.payload, str) else repr(run.payload)
        raw.append(text)
        raw.extend(text.splitlines())
    found = {r.strip() for r in raw if len(r.strip()) >= 3}
    return sorted(found, key=len, reverse=True)


def run_all(run):
    results = []
    for fn in _setups:
        try:
            fn(run)
        except TargetError as err:
            return {"checks": [], "setup_failed": {"message": err.learner_message,
                                                    "details": _describe_target_error(err)}}
        except Exception:
            return {"checks": [], "judge_error": _trace()[-6000:]}
    for check in _checks:
        run.details = {}
        run.payload = None
        run.secret_inputs = []
        outcome = {"id": check["id"], "kind": check["kind"], "title": check["title"], "hidden": check["hidden"]}
        try:
            check["fn"](run)
            outcome.update(passed=True, message="")
        except Failure as err:
            outcome.update(passed=False, message=err.message)
            run.details.update(err.details)
        except AssertionError as err:
            outcome.update(passed=False, message=str(err) or f"{check['title']}: not as expected.")
        except TargetError as err:
            outcome.update(passed=False, message=err.learner_message)
            run.details.update(_describe_target_error(err))
        except Exception as err:
            # A judge that trips over an unexpected answer must still give a verdict:
            # the check fails, and the lab's own tests flag it via judge_error.
            outcome.update(passed=False, message=f"The result was not what this check expects ({type(err).__name__}).",
                           judge_error=_trace()[-4000:])
        if check["hidden"] and not outcome["passed"]:
            # Hidden variants show their message, never their input, until the lab is passed.
            needles = _needles(run)
            outcome["message"] = _redact(outcome["message"], needles)
            run.details = _redact(run.details, needles)
        # Learner data can be huge (a 15 MiB return value quoted in a message): keep each
        # check small, so the verdict stays under the broker's cap and blames nobody wrongly.
        if len(outcome["message"]) > MAX_MESSAGE:
            outcome["message"] = outcome["message"][:MAX_MESSAGE] + " …(cut)"
        if run.details and len("".join(_measure(run.details, 0))) > MAX_DETAILS:
            run.details = {"note": "details too large to show"}
        if run.details:
            outcome["details"] = run.details
        if run.payload is not None:
            outcome["payload"] = run.payload if isinstance(run.payload, str) else repr(run.payload)
        results.append(outcome)
    return {"checks": results}
