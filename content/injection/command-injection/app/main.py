"""Serve the admin pages on http://127.0.0.1:8080/ to try them in a browser.

    python -m app.main

Careful: this runs the vulnerable program on your own computer, outside the sandbox.
Whatever you inject runs as you. `pysec check` never uses this file.
"""

from wsgiref.simple_server import make_server

from app.web import app


def main():
    with make_server("127.0.0.1", 8080, app) as server:
        print("Kestrel AX3 admin pages on http://127.0.0.1:8080/diagnostics (Ctrl-C to stop)")
        server.serve_forever()


if __name__ == "__main__":
    main()
