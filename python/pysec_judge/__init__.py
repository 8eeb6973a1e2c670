"""pysec_judge — what a lab's hidden judge is written with.

A judge file (content/<module>/<lab>/judge/<step>.py) declares checks:

    from pysec_judge import functional, attack, setup, fail

    @setup
    def seed(run):
        run.data["pw"] = run.token()
        run.target.write_file("data/users.db", build_db(run.data["pw"]))

    @functional("honest-login", "A registered user can log in with the right password")
    def honest_login(run):
        result = run.target.call("app.accounts:login", "alice", run.data["pw"])
        if not result.value:
            fail("Alice could not log in with her own password.")

Checks run in the order they are declared. A check passes when it returns; it fails when it
calls fail(), raises AssertionError (its message is shown), or when the code under test
raises, hangs past the per-call timeout or crashes (the verdict then says so in the
learner's terms, with their traceback). Attack checks marked hidden=True show their title
and message, but their payload (run.payload = ...) only after the lab is passed.

The judge runs in its own sandbox and never sees the learner's files except through the
broker; the learner's code never sees this file or run.data.
"""

from pysec_judge.checks import attack, fail, functional, setup
from pysec_judge.target import (
    ExploitResult,
    Response,
    Result,
    RunResult,
    TargetCrashed,
    TargetError,
    TargetRaised,
    TargetTimeout,
)

__all__ = [
    "attack",
    "fail",
    "functional",
    "setup",
    "ExploitResult",
    "Response",
    "Result",
    "RunResult",
    "TargetCrashed",
    "TargetError",
    "TargetRaised",
    "TargetTimeout",
]
