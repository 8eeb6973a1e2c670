"""Send one request through the gateway, the way the intranet server does.

    python request.py "/docs/machines/laser%20cutter.md"
    python request.py "/admin/members" --key oak-board-7f3a91c2

TARGET is the request-target as it would appear in the HTTP request line: percent-encoded,
exactly as you type it here (your shell and this script change nothing). Browsers and curl
clean up paths before sending them (curl --path-as-is does not); this script never does.
"""

import argparse

from app.gateway import handle


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", help="the request-target, e.g. /docs/welcome.md")
    parser.add_argument("--key", help="send this X-Admin-Key header")
    args = parser.parse_args()
    headers = {"X-Admin-Key": args.key} if args.key else {}
    status, body = handle(args.target, headers)
    print(status)
    print(body, end="" if body.endswith("\n") else "\n")


if __name__ == "__main__":
    main()
