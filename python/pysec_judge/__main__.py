"""Judge entry point: `python -I /pysec/pysec_judge <steps-json>` (or `--wait`: the steps come
as the first message).

For the first step, requests to the broker go out on fd 1 and replies come back on fd 0
(both moved to private descriptors first); its verdict is written once, as JSON, to fd 3.
Further steps of the same check use fds 4 and 5, then 6 and 7 (see main.py). These
descriptors exist only in this process: nothing the learner's code prints can reach them.
"""

import os
import sys

# Inherited descriptors must not reach the judge; fds 3-7 (step channels and verdicts) stay.
os.closerange(8, 1 << 16)

sys.path[:0] = [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]

import pysec_wire  # noqa: E402

pysec_wire.add_venv_site()

from pysec_judge.main import main  # noqa: E402

main(sys.argv[1:])
