"""Timing inputs of growing length, and deciding from the curve whether a validator is safe.

Times come from Result.wall_ms, measured by the broker outside the learner's process. They
include the round trip through the broker (a fraction of a millisecond, several on a busy
machine), so every decision works on the time *above* a baseline: the same call with a
short honest address.

A family fails when, at some length:
  - a call does not answer within CALL_TIMEOUT (the broker stops and restarts the target);
  - a call costs more than BOUND_MS above the baseline (a generous bound: a linear-time
    validator needs well under a millisecond for a few kilobytes);
  - the time grows faster than the input: compared with a length at most a quarter as
    long, it grew more than GROWTH_SLACK times the length ratio. Times under NOISE_MS are
    never judged: that much is scheduling noise on a shared machine.

Noise only ever adds time, so the fastest of several calls is the best estimate. Each
length gets fresh random inputs (no cache can help) until one is fast or three were slow;
a length that would fail the family without being clearly hopeless (under 4 x BOUND_MS) is
measured again, with a new baseline, before the verdict. Lengths stop growing once a
family has failed, which keeps a vulnerable validator's check short.
"""

from pysec_judge import TargetError, TargetRaised, TargetTimeout, fail

CALL_TIMEOUT = 1.0
BOUND_MS = 50.0
NOISE_MS = 12.0
MIN_EXCESS_MS = 0.5
GROWTH_SLACK = 2.0
SAMPLES = 3
CONFIRM_SAMPLES = 5

WORKER = "pysec_request_worker:check"


def show(text, keep=40):
    """A short, readable repr of a possibly long input."""
    if len(text) <= keep * 2:
        return repr(text)
    return f"{text[:keep]!r} … {text[-12:]!r} ({len(text)} characters)"


def call(run, text, timeout=CALL_TIMEOUT):
    return run.target.call(WORKER, text, timeout=timeout)


def _raised(run, text, err):
    """The message for an exception from the learner's code (and its traceback in the details)."""
    run.details["traceback"] = err.traceback
    message = (f"is_valid_email({show(text)}) raised {err.type_name}: {err.message}. "
               "It should return True or False, whatever the input.")
    if "main thread" in err.message:
        message += (" The web server calls is_valid_email() from its worker threads (one per request), "
                    "and so does this check.")
    return message


def checked_call(run, text):
    """call(), with anything but an answer turned into a failed check that names the input."""
    try:
        return call(run, text)
    except TargetTimeout:
        fail(f"is_valid_email({show(text)}) did not answer within {CALL_TIMEOUT:g} s and was stopped.")
    except TargetRaised as err:
        fail(_raised(run, text, err))
    except TargetError as err:
        fail(f"is_valid_email({show(text)}): {err.learner_message}")


def baseline(run, sample):
    """Fastest of a few calls with a short honest address: the cost of the round trip."""
    return min(checked_call(run, sample).wall_ms for _ in range(4))


def _trend(points, limit=5):
    shown = []
    for p in points[-limit:]:
        shown.append(f"{p['length']} chars: {'over 1000 ms' if p.get('timed_out') else format(p['ms'], '.1f') + ' ms'}")
    return ", ".join(shown)


class FamilyFailed(Exception):
    def __init__(self, family, message):
        super().__init__(message)
        self.family = family
        self.message = message


class _Family:
    """One family of inputs: measures points, keeps them, says what is wrong with the curve."""

    def __init__(self, run, family, describe, make, expect, timings):
        self.run, self.family, self.describe, self.make, self.expect = run, family, describe, make, expect
        self.timings = timings
        self.points = []

    def _wrong_answer(self, text, value):
        self.timings.extend(self.points)
        if self.expect:
            fail(f"is_valid_email({show(text)}) returned {value!r}, but that is a valid address "
                 f"({self.describe}).", timings=self.timings)
        fail(f"is_valid_email({show(text)}) returned {value!r}, but that is not a valid address "
             f"({self.describe}); it must return False.", timings=self.timings)

    def sample(self, n, base, tries):
        """Fastest of up to `tries` calls with fresh inputs of length ~n: (ms, length)."""
        best, length = None, n
        for _ in range(tries):
            text = self.make(n)
            try:
                result = call(self.run, text)
            except TargetTimeout:
                point = {"family": self.family, "length": len(text), "ms": CALL_TIMEOUT * 1000, "timed_out": True}
                self.points.append(point)
                self.timings.extend(self.points)
                raise FamilyFailed(self.family, (
                    f"is_valid_email() did not answer within {CALL_TIMEOUT:g} s on a {len(text)}-character "
                    f"input ({self.describe}) and was stopped. Times so far: {_trend(self.points)}."))
            except TargetRaised as err:
                self.timings.extend(self.points)
                fail(_raised(self.run, text, err), timings=self.timings)
            except TargetError as err:
                self.timings.extend(self.points)
                fail(f"is_valid_email({show(text)}): {err.learner_message}", timings=self.timings)
            if result.value is not self.expect:
                self._wrong_answer(text, result.value)
            if best is None or result.wall_ms < best:
                best, length = result.wall_ms, len(text)
            excess = best - base
            # Fast is fast, and very slow is not noise either: only the grey zone gets more tries.
            if excess <= NOISE_MS or excess > 4 * BOUND_MS:
                break
        return best, length

    def problem(self, base):
        """A message if the curve so far fails the family, else None."""
        last = self.points[-1]
        grown = last["ms"] - base
        if grown > BOUND_MS:
            return f"A {last['length']}-character input ({self.describe}) took {last['ms']:.0f} ms."
        if grown <= NOISE_MS:
            return None
        for p in self.points[:-1]:
            ratio = last["length"] / p["length"]
            before = max(p["ms"] - base, MIN_EXCESS_MS)
            if ratio >= 4 and grown > GROWTH_SLACK * ratio * before:
                return (f"The time grows faster than the input ({self.describe}): {p['length']} characters "
                        f"took {p['ms']:.1f} ms, {last['length']} characters {last['ms']:.1f} ms "
                        f"({ratio:.0f}× longer, {grown / before:.0f}× slower).")
        return None

    def measure(self, lengths, base, sample_text):
        for n in lengths:
            ms, length = self.sample(n, base, SAMPLES)
            self.points.append({"family": self.family, "length": length, "ms": round(ms, 3)})
            message = self.problem(base)
            if message and self.points[-1]["ms"] - base <= 4 * BOUND_MS:
                # Not clearly hopeless: make sure it is not a busy moment on the machine.
                base = min(base, baseline(self.run, sample_text))
                again, again_length = self.sample(n, base, CONFIRM_SAMPLES)
                if again < ms:
                    self.points[-1] = {"family": self.family, "length": again_length, "ms": round(again, 3)}
                message = self.problem(base)
            if message:
                self.timings.extend(self.points)
                raise FamilyFailed(self.family, f"{message} Times so far: {_trend(self.points)}.")
        self.timings.extend(self.points)
        return base


def time_families(run, families, lengths, sample, advice, expect=False, stop_at_first=False):
    """Times each family at growing lengths; the check fails if any family does.

    families: [(family id, description for the learner, make(n))]. Every point goes to
    details["timings"] ({family, length, ms[, timed_out]}), failing or not, for the plot.
    """
    timings = []
    base = baseline(run, sample)
    failures = []
    for family, describe, make in families:
        try:
            base = _Family(run, family, describe, make, expect, timings).measure(lengths, base, sample)
        except FamilyFailed as failed:
            failures.append(failed)
            # A failed family may have used seconds of the target's CPU time limit: give the
            # next family (and the next check) a fresh process, and measure a fresh baseline.
            run.target.restart()
            if stop_at_first:
                break
            base = baseline(run, sample)
    run.details["timings"] = timings
    run.details["baseline_ms"] = round(base, 3)
    if failures:
        message = failures[0].message
        others = [f.family for f in failures[1:]]
        if others:
            message += f" The {' and '.join(others)} inputs failed too."
        fail(f"{message} {advice}", timings=timings, baseline_ms=round(base, 3))
