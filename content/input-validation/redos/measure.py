"""Time is_valid_email() on longer and longer inputs of one shape.

    python measure.py
    python measure.py --prefix "ada@" --unit "b" --suffix "!"
    python measure.py --prefix "ada@example.org" --unit " " --suffix "x" --start 1000 --double

Each input is PREFIX + UNIT repeated n times + SUFFIX. For each length n it prints how long
one call took, with a bar to show the trend. It stops after the first call slower than
--limit seconds (on the original code that happens soon enough; Ctrl-C works too).
"""

import argparse
import time

from app.validators import is_valid_email


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prefix", default="", help="text before the repeated part")
    parser.add_argument("--unit", default="a", help="the text that is repeated (default: a)")
    parser.add_argument("--suffix", default="!", help="text after the repeated part (default: !)")
    parser.add_argument("--start", type=int, default=10, help="first repeat count (default: 10)")
    parser.add_argument("--stop", type=int, default=40, help="last repeat count (default: 40)")
    parser.add_argument("--step", type=int, default=2, help="added to the count each time (default: 2)")
    parser.add_argument("--double", action="store_true", help="double the count each time instead")
    parser.add_argument("--limit", type=float, default=2.0, help="stop after a call this slow, in seconds")
    args = parser.parse_args()
    if args.double:
        args.stop = max(args.stop, args.start * 64)

    n = args.start
    while n <= args.stop:
        text = args.prefix + args.unit * n + args.suffix
        started = time.perf_counter()
        accepted = is_valid_email(text)
        seconds = time.perf_counter() - started
        bar = "#" * min(60, int(seconds * 1000 / 10) + 1)  # one # per 10 ms
        print(f"{len(text):6} chars  {seconds * 1000:10.2f} ms  {'accepted' if accepted else 'rejected'}  {bar}",
              flush=True)
        if seconds > args.limit:
            print(f"stopped: one call took longer than {args.limit:g} s")
            break
        n = n * 2 if args.double else n + args.step


if __name__ == "__main__":
    main()
