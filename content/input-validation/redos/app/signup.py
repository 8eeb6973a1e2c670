"""The newsletter sign-up form, served by a small WSGI app.

Run it with `python -m app.signup` and open http://127.0.0.1:8025/. Like most Python web
servers, it handles each request in a worker thread of its own, so is_valid_email() runs
in those threads, never in the main one.
"""

import html
import threading
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIServer, make_server

from app.validators import is_valid_email

PAGE = """<!doctype html>
<title>Tidepool newsletter</title>
<h1>Tidepool: the Friday newsletter of Radio Kelp</h1>
<p>{message}</p>
<form method="post">
  <label>E-mail address <input name="email" size="40"></label>
  <button>Sign me up</button>
</form>
"""

_subscribers = []
_lock = threading.Lock()


def app(environ, start_response):
    message = "One e-mail a week, no tracking, unsubscribe any time."
    if environ["REQUEST_METHOD"] == "POST":
        size = int(environ.get("CONTENT_LENGTH") or 0)
        form = parse_qs(environ["wsgi.input"].read(size).decode("utf-8", "replace"))
        raw = form.get("email", [""])[0]
        if is_valid_email(raw):
            with _lock:
                _subscribers.append(raw.strip())
            message = f"Thanks! We'll write to {html.escape(raw.strip())} on Friday."
        else:
            message = f"{html.escape(raw)} doesn't look like an e-mail address we can write to."
    body = PAGE.format(message=message).encode("utf-8")
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                              ("Content-Length", str(len(body)))])
    return [body]


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def main():
    with make_server("127.0.0.1", 8025, app, server_class=ThreadingServer) as server:
        print("Sign-up form on http://127.0.0.1:8025/ (Ctrl-C to stop)")
        server.serve_forever()


if __name__ == "__main__":
    main()
