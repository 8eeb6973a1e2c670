"""Starts a learner's exploit: `python -I /pysec/pysec_client/bootstrap.py /lab/exploit.py`.

The channel to the broker is claimed before the exploit runs, so its print() output goes to
stderr (what the judge reads as the exploit's output) and can never be taken for a request.
"""

import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
# Descriptors inherited from whoever started pysec (without close-on-exec) must not reach
# learner code: close everything above stdio before anything else runs.
os.closerange(3, 1 << 16)

sys.path[:0] = [os.path.dirname(here)]

import pysec_wire  # noqa: E402

pysec_wire.add_venv_site()

import pysec_client  # noqa: E402
from pysec_wire import Channel  # noqa: E402

pysec_client._channel = Channel.claim_stdio()
# Started early, while the judge prepares; the broker says when to go.
_go = pysec_client._channel.receive()
if not _go or not _go.get("go"):
    sys.exit(0)
# A warm sandbox started before the check learns the script with "go".
script = _go.get("script") or sys.argv[1]
sys.argv = [script]
sys.path.insert(0, os.path.dirname(script))



def run_script(path):
    """What `python exploit.py` does: the file runs as module __main__ (runpy.run_path
    would do it too, but importing runpy costs the exploit's start about 2 ms)."""
    with open(path, "rb") as f:
        code = compile(f.read(), path, "exec", dont_inherit=True)
    main = type(sys)("__main__")
    main.__file__ = path
    main.__builtins__ = __builtins__
    sys.modules["__main__"] = main
    exec(code, main.__dict__)


try:
    run_script(script)
except SystemExit:
    raise
except BaseException as exc:  # noqa: BLE001 - show the learner their own traceback
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.startswith(here)
              and "runpy" not in f.filename]
    sys.stderr.write("Traceback (most recent call last):\n" + "".join(traceback.format_list(frames))
                     + "".join(traceback.format_exception_only(type(exc), exc)))
    sys.exit(1)
