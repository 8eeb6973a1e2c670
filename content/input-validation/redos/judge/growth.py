"""Timing inputs of growing length, and deciding from the curve whether a validator is safe.

Times come from Result.wall_ms, measured by the broker outside the learner's process. They
include the round trip through the broker (a fraction of a millisecond, more on a busy
machine), so every decision works on the time *above* a baseline: the same call with a
short honest address, measured just before.

A family fails when, at any length:
  - a call does not answer within CALL_TIMEOUT (the broker stops and restarts the target);
  - a call costs more than BOUND_MS above the baseline (a generous bound: a linear-time
    validator needs well under a millisecond for a few kilobytes);
  - the time grows faster than the input: compared with a length at most a quarter as
    long, it grew more than GROWTH_SLACK times the length ratio (time under NOISE_MS is
    never judged; it is scheduling noise on a shared machine).
A slow point is measured again with fresh random inputs and the fastest run counts, so one
unlucky pause cannot fail a good fix. Lengths stop growing once a family has failed, which
keeps a vulnerable validator's check short.
"""

from pysec_judge import TargetError, TargetRaised, TargetTimeout, fail

CALL_TIMEOUT = 1.0
BOUND_MS = 50.0
NOISE_MS = 10.0
MIN_EXCESS_MS = 0.5
GROWTH_SLACK = 2.0
RETRIES = 2

WORKER = "pysec_request_worker:check"


def show(text, keep=40):
    """A short, readable repr of a possibly long input."""
    if len(text) <= keep * 2:
        return repr(text)
    return f"{text[:keep]!r} … {text[-12:]!r} ({len(text)} characters)"


def call(run, text, timeout=CALL_TIMEOUT):
    return run.target.call(WORKER, text, timeout=timeout)


def checked_call(run, text):
    """call(), with anything but an answer turned into a failed check that names the input."""
    try:
        return call(run, text)
    except TargetTimeout:
        fail(f"is_valid_email({show(text)}) did not answer within {CALL_TIMEOUT:g} s and was stopped.")
    except TargetRaised as err:
        run.details["traceback"] = err.traceback
        fail(f"is_valid_email({show(text)}) raised {err.type_name}: {err.message}. "
             "It should return True or False, whatever the input.")
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


def measure_family(run, family, describe, make, lengths, base, timings):
    """Times make(n) for each n until the family fails; appends points to `timings`.

    Raises FamilyFailed with a message for the learner, or fails the check directly when
    the validator accepts an invalid input or raises.
    """
    points = []
    for n in lengths:
        samples = []
        for attempt in range(1 + RETRIES):
            text = make(n)  # fresh random characters each time: no cache can help
            try:
                result = call(run, text)
            except TargetTimeout:
                point = {"family": family, "length": len(text), "ms": CALL_TIMEOUT * 1000, "timed_out": True}
                points.append(point)
                timings.append(point)
                raise FamilyFailed(family, (
                    f"is_valid_email() did not answer within {CALL_TIMEOUT:g} s on a {len(text)}-character input "
                    f"({describe}) and was stopped. Times so far: {_trend(points)}."))
            except TargetRaised as err:
                run.details["traceback"] = err.traceback
                timings.extend(points)
                fail(f"is_valid_email({show(text)}) raised {err.type_name}: {err.message}. It should return "
                     "False for input that is not a valid address.", timings=timings)
            except TargetError as err:
                timings.extend(points)
                fail(f"is_valid_email({show(text)}): {err.learner_message}", timings=timings)
            if result.value is not False:
                timings.extend(points)
                fail(f"is_valid_email({show(text)}) returned {result.value!r}, but that is not a valid address "
                     f"({describe}); it must return False.", timings=timings)
            samples.append(result.wall_ms)
            excess = min(samples) - base
            # Fast is fast; very slow is not noise either. Only the grey zone gets a second look.
            if excess <= NOISE_MS or excess > 4 * BOUND_MS:
                break
        ms = min(samples)
        point = {"family": family, "length": len(text), "ms": round(ms, 3)}
        points.append(point)
        timings.append(point)
        excess = ms - base
        if excess > BOUND_MS:
            raise FamilyFailed(family, (
                f"A {len(text)}-character input ({describe}) took {ms:.0f} ms. Times so far: {_trend(points)}."))
        jump = _superlinear(points, base)
        if jump:
            small, large = jump
            raise FamilyFailed(family, (
                f"The time grows faster than the input ({describe}): {small['length']} characters took "
                f"{small['ms']:.1f} ms, {large['length']} characters {large['ms']:.1f} ms "
                f"({large['length'] / small['length']:.0f}× longer, "
                f"{(large['ms'] - base) / max(small['ms'] - base, MIN_EXCESS_MS):.0f}× slower)."))
    return points


def _superlinear(points, base):
    """(earlier point, last point) if the last point grew faster than linearly, else None."""
    last = points[-1]
    grown = last["ms"] - base
    if grown <= NOISE_MS:
        return None
    for p in points[:-1]:
        ratio = last["length"] / p["length"]
        if ratio >= 4 and grown > GROWTH_SLACK * ratio * max(p["ms"] - base, MIN_EXCESS_MS):
            return p, last
    return None


def time_families(run, families, lengths, sample, advice, stop_at_first=False):
    """Times several families; the check fails if any does, with every curve in the details.

    families: [(family id, description for the learner, make(n))]
    """
    timings = []
    base = baseline(run, sample)
    failures = []
    for family, describe, make in families:
        try:
            measure_family(run, family, describe, make, lengths, base, timings)
        except FamilyFailed as failed:
            failures.append(failed)
            if stop_at_first:
                break
            # A timed-out target was restarted: measure the next family's baseline afresh.
            base = baseline(run, sample)
    run.details["timings"] = timings
    run.details["baseline_ms"] = round(base, 3)
    if failures:
        message = failures[0].message
        others = [f.family for f in failures[1:]]
        if others:
            message += f" ({', '.join(others)} failed too.)"
        fail(f"{message} {advice}", timings=timings, baseline_ms=round(base, 3))
