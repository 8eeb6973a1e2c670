"""Load a judge file, run its checks against the target, write the verdict to fd 3."""

import os
import sys
from importlib.machinery import SourceFileLoader

from pysec_judge import checks
from pysec_judge.target import Exploit, Target
from pysec_wire import Channel, dumps


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


# One judge process serves every step of a check (up to CHANNELS), each in a forked child:
# step 0 talks on stdin/stdout and writes its verdict to fd 3; step i > 0 talks on the
# two-way descriptor CHANNEL_FDS[i] and writes its verdict to VERDICT_FDS[i].
CHANNELS = 3
CHANNEL_FDS = (None, 4, 6)
VERDICT_FDS = (3, 5, 7)


def run_step(step, channel, verdict_fd):
    """Loads one step's judge file, runs its checks, writes the verdict (once) to verdict_fd."""
    verdict = os.fdopen(verdict_fd, "w", encoding="utf-8")
    judge_file, context = step["judge"], step["context"]
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


def _top_level_imports(path):
    """Names of the modules a Python file imports at its top level (a plain line scan: the
    re and ast modules would cost more than they save here)."""
    names = []
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return names
    for line in lines:
        if line.startswith("import "):
            names += [part.split(" as ")[0].strip() for part in line[7:].split("#")[0].split(",")]
        elif line.startswith("from ") and " import " in line:
            names.append(line[5:].split(" import ")[0].strip())
    return [n for n in names if n and not n.startswith(".")]


def preimport(steps):
    """Imports, once before the steps fork, the library modules their judge files and the
    judge folder's own modules import (sqlite3, hashlib, …): each step's child then finds
    them loaded instead of importing them again. The judge folder's modules themselves are
    not run here (they may expect a step's context); a module that fails to import is left
    for the step to report."""
    folder = os.path.dirname(steps[0]["judge"])
    local = {name[:-3] for name in os.listdir(folder) if name.endswith(".py")}
    files = [step["judge"] for step in steps] + [os.path.join(folder, f"{name}.py") for name in sorted(local)]
    seen = set()
    for path in files:
        for name in _top_level_imports(path):
            if name.split(".")[0] in local or name in seen:
                continue
            seen.add(name)
            try:
                __import__(name)
            except Exception:  # noqa: BLE001 - the step's own import reports it
                pass


def _close(*fds):
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass


def main(argv):
    # The steps: judge file and context of each.
    channel, steps = Channel.start(argv, "steps")
    if not steps:
        return
    steps = steps[:CHANNELS]
    if len(steps) == 1:
        _close(*CHANNEL_FDS[1:], *VERDICT_FDS[1:])
        run_step(steps[0], channel, VERDICT_FDS[0])
        return
    # Steps run side by side, each in its own copy of this process (forked after the judge
    # library is imported: no second interpreter start). This process keeps no descriptor
    # of any step, so a step's channel ends when its child does.
    preimport(steps)
    children = []
    for i, step in enumerate(steps):
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                others = [fd for j in range(CHANNELS) if j != i for fd in (CHANNEL_FDS[j], VERDICT_FDS[j]) if fd]
                if i == 0:
                    ch = channel
                else:
                    channel.close()
                    ch = Channel(os.dup(CHANNEL_FDS[i]), CHANNEL_FDS[i])
                _close(*others)
                run_step(step, ch, VERDICT_FDS[i])
            except BaseException:  # noqa: BLE001 - a child never returns into the loop
                code = 1
            finally:
                os._exit(code)
        children.append(pid)
    channel.close()
    _close(*[fd for fd in CHANNEL_FDS + VERDICT_FDS if fd])
    for pid in children:
        os.waitpid(pid, 0)
