"""Judge entry point: `python -I /pysec/pysec_judge <judge-file> <context-json>`.

Requests to the broker go out on fd 1 and replies come back on fd 0 (both moved to private
descriptors first); the verdict is written once, as JSON, to fd 3, which exists only in
this process. Nothing the learner's code prints can reach fd 3.
"""

import os
import sys

# Inherited descriptors must not reach the judge; fd 3 (the verdict pipe) stays.
os.closerange(4, 1 << 16)

sys.path[:0] = [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]

import pysec_wire  # noqa: E402

pysec_wire.add_venv_site()

from pysec_judge.main import main  # noqa: E402

main(sys.argv[1:])
