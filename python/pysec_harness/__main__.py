"""Target-side harness: runs inside the learner's sandbox, before any learner code.

Started as `python -I /pysec/pysec_harness <config-json>`. It installs the evidence
collectors (PEP 578 audit hooks, a recording sqlite3 connection), then serves the
broker's requests (call, http, run, evidence) on a private channel. Everything this
process reports can be forged by learner code running in it; the judge treats it as
observations, never as a verdict.
"""

import os
import sys

# Descriptors inherited from whoever started pysec (without close-on-exec) must not reach
# learner code: close everything above stdio before anything else runs.
os.closerange(3, 1 << 16)

sys.path[:0] = [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]

import pysec_wire  # noqa: E402

pysec_wire.add_venv_site()

from pysec_harness.server import main  # noqa: E402

main(sys.argv[1:])
