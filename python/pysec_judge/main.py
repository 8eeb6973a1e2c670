"""Load a judge file, run its checks against the target, write the verdict to fd 3."""

import os
import sys
from importlib.machinery import SourceFileLoader

from pysec_judge import checks
from pysec_judge.target import Exploit, Target
from pysec_wire import Channel, dumps, loads


class Broker:
    def __init__(self, channel):
        self._channel = channel
        self._next = 0

    def request(self, message):
        self._next += 1
        message["id"] = self._next
        self._channel.send(message)
        reply = self._channel.receive()
        if reply is None:
            raise SystemExit("broker went away")
        return reply


def main(argv):
    verdict_fd = os.dup(3)
    os.close(3)
    verdict = os.fdopen(verdict_fd, "w", encoding="utf-8")
    channel = Channel.claim_stdio()
    if argv and argv[0] == "--wait":
        # Started ahead of time (a warm sandbox): the judge file and its context come as the
        # first message, once the broker has a check for this process.
        first = channel.receive()
        if not first or "judge" not in first:
            return
        judge_file, context = first["judge"], first["context"]
    else:
        judge_file, context = argv[0], loads(argv[1])
    broker = Broker(channel)
    run = checks.Run(Target(broker, float(context.get("call_timeout", 3.0))), Exploit(broker), context)
    try:
        sys.path.insert(0, os.path.dirname(judge_file))
        # Loaded by the import system's own loader (not run_path), so the bytecode compiled at
        # set-up is used; importlib.util is not needed for that (and costs a millisecond).
        module = type(sys)("pysec_judge_file")
        module.__file__ = judge_file
        module.__loader__ = SourceFileLoader("pysec_judge_file", judge_file)
        sys.modules["pysec_judge_file"] = module
        module.__loader__.exec_module(module)
        result = checks.run_all(run)
    except Exception:
        import traceback  # the error path only

        result = {"checks": [], "judge_error": traceback.format_exc()[-6000:]}
    verdict.write(dumps(result))
    verdict.close()
