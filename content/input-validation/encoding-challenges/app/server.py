"""The intranet server: python -m app.server [PORT] (default 8080, localhost only).

http.server hands over the request-target undecoded (self.path), which is what
app.gateway.handle() expects. Try it with curl --path-as-is, which sends paths unchanged.
"""

import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.gateway import handle


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        headers = {"X-Admin-Key": self.headers["X-Admin-Key"]} if self.headers["X-Admin-Key"] else {}
        status, body = handle(self.path, headers)
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main(argv):
    port = int(argv[0]) if argv else 8080
    print(f"Oakfield intranet on http://127.0.0.1:{port}/")
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
