"""Try the portal by hand: python -m app.main <job>  (builds the report for jobs/<job>)."""

import json
import sys

from app import portal


def main(argv):
    job = argv[1] if len(argv) > 1 else "demo"
    print("files:", portal.list_files(job))
    print(json.dumps(portal.request_report(job), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv)
