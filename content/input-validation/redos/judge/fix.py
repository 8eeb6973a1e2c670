"""Fix step: is_valid_email() still says yes to every valid address and no to every invalid
one, and no input makes it slow.

Functional checks first (a fix must keep the feature). Then the timing checks: each feeds
one kind of invalid input at growing lengths, with fresh random characters for every call,
and decides on the curve of broker-measured times (see growth.py). Every call runs in a
worker thread, as the sign-up service does, with a 1 s timeout: a hang is a failed check,
never a hung judge. Each timing check puts its points in details["timings"] for the plot.
"""

import os

import emailgen
import growth
from growth import checked_call, show
from pysec_judge import attack, fail, functional, setup


@setup
def install_worker(run):
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "worker_probe.py"), encoding="utf-8") as f:
        run.target.write_file("pysec_request_worker.py", f.read())


def _sample(run):
    return f"{run.name().lower()}.{run.word()}@{run.word()}.org"


def _expect(run, cases, want):
    for text, why in cases:
        got = checked_call(run, text).value
        if got != want:
            if want:
                fail(f"is_valid_email({show(text)}) returned False, but that is a valid address ({why}). "
                     "The fix must keep accepting everything task.md calls valid.")
            fail(f"is_valid_email({show(text)}) returned True, but it must be rejected: {why}.")


# ---------------------------------------------------------------- honest use


@functional("accepts-valid", "Valid addresses of every shape are accepted")
def accepts_valid(run):
    _expect(run, emailgen.valid_addresses(run), True)


@functional("accepts-padded", "Whitespace around an address is ignored, however much there is")
def accepts_padded(run):
    _expect(run, emailgen.padded_addresses(run), True)


@functional("accepts-long-addresses", "Addresses up to the length limits are accepted, quickly")
def accepts_long_addresses(run):
    _expect(run, emailgen.long_valid_addresses(run), True)
    # The honest curve for the plot: valid addresses from 16 to 254 characters.
    growth.time_families(run, [
        ("honest", "a valid address", lambda n: emailgen.honest_growing(run, n)),
    ], (16, 32, 64, 96, 128, 160, 200, 254), _sample(run), (
        "Checking a valid address should take a fraction of a millisecond."), expect=True)


@functional("rejects-invalid", "Invalid input is still rejected")
def rejects_invalid(run):
    _expect(run, emailgen.invalid_addresses(run), False)


# ---------------------------------------------------------------- timing

EXPLODING = (8, 12, 16, 20, 24, 28, 32, 40, 48, 64, 128, 256, 1024, 4096)
LONG = (16, 64, 256, 1024, 2048, 4096, 8192)


@attack("local-part-run", "A long run of characters before the @ is rejected quickly")
def local_part_run(run):
    run.payload = emailgen.local_run(run, 30)
    growth.time_families(run, [
        ("local-run", "a run of letters and digits with no valid ending",
         lambda n: emailgen.local_run(run, n)),
        ("local-after-dot", "a name, a dot, then a run of letters and digits with no valid ending",
         lambda n: emailgen.local_after_dot(run, n)),
    ], EXPLODING, _sample(run), (
        "Every extra character multiplies the time: the pattern for the local part can cut one run "
        "of characters into atoms in very many ways, and when the match fails the engine tries them all."))


@attack("domain-label-run", "A long run of characters in the domain is rejected quickly", hidden=True)
def domain_label_run(run):
    run.payload = emailgen.label_run(run, 30)
    growth.time_families(run, [
        ("label-run", "name@ followed by a run of letters and digits that never becomes a domain",
         lambda n: emailgen.label_run(run, n)),
        ("subdomain-run", "name@word. followed by a run of letters and digits with a bad ending",
         lambda n: emailgen.subdomain_run(run, n)),
    ], EXPLODING, _sample(run), (
        "The part after the @ needs the same care as the part before it: if a run of letters in a "
        "domain label can be split between quantifiers in many ways, a failing match tries every one."))


@attack("whitespace-run", "A long run of whitespace inside the input is rejected quickly", hidden=True)
def whitespace_run(run):
    run.payload = emailgen.space_tail(run, 40)
    growth.time_families(run, [
        ("space-tail", "an address, a long run of whitespace, then one more character",
         lambda n: emailgen.space_tail(run, n)),
        ("space-middle", "a long run of whitespace in the middle of an address",
         lambda n: emailgen.space_middle(run, n)),
    ], LONG, _sample(run), (
        "Doubling the whitespace roughly quadruples the time. Look at how surrounding whitespace is "
        "removed: a pattern ending in \\s+$ is retried at every position of a whitespace run that is "
        "not at the end."))


@attack("long-inputs", "Long inputs of other shapes take linear time", hidden=True)
def long_inputs(run):
    run.payload = emailgen.many_labels(run, 60)
    growth.time_families(run, [
        ("dotted-local", "a local part of many short dotted atoms with no valid ending",
         lambda n: emailgen.dotted_local(run, n)),
        ("many-labels", "a domain of many short labels that does not end in a top-level domain",
         lambda n: emailgen.many_labels(run, n)),
        ("hyphen-run", "a domain label with a long run of hyphens",
         lambda n: emailgen.hyphen_run(run, n)),
        ("at-run", "many short pieces joined by @ signs",
         lambda n: emailgen.at_run(run, n)),
    ], (16, 32, 64, 256, 1024, 4096), _sample(run), (
        "Every input should cost time in proportion to its length (or be refused outright for being "
        "too long). Check each part of your validator on inputs of this shape."), stop_at_first=True)
