"""The quill command: read, save and list Quillbox documents from a terminal.

    python -m app.cli ls [FOLDER]
    python -m app.cli read NAME
    python -m app.cli save NAME < text-file

NAME and FOLDER are written as in a share link (percent-encoded), like the web front end
sends them: python -m app.cli read "reports/2023/annual%20summary.txt"
"""

import sys

from app.docstore import DocumentNameError, list_documents, read_document, save_document


def main(argv):
    if not argv or argv[0] not in ("ls", "read", "save") or (argv[0] != "ls" and len(argv) != 2):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    command, args = argv[0], argv[1:]
    try:
        if command == "ls":
            for entry in list_documents(*args):
                print(entry)
        elif command == "read":
            sys.stdout.write(read_document(args[0]))
        else:
            save_document(args[0], sys.stdin.read())
    except DocumentNameError as err:
        print(f"quill: refused: {err}", file=sys.stderr)
        return 1
    except FileNotFoundError:
        print(f"quill: no such document: {args[0] if args else ''}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
