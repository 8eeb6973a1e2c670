"""The router's admin pages (a plain WSGI app, as on many small devices).

    GET  /diagnostics               the form
    POST /diagnostics  host, count  runs the ping and shows what it printed

The diagnostics page needs no login: the vendor thought a ping was harmless, and anyone
on the network (the guest Wi-Fi included) can open it.
"""

import html
from urllib.parse import parse_qs

from app import diagnostics

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kestrel AX3 · Diagnostics</title></head>
<body>
<h1>Network diagnostics</h1>
<form method="post" action="/diagnostics">
  <label>Host name or IP address <input name="host" value="{host}" required></label>
  <label>Count <select name="count">{options}</select></label>
  <button>Ping</button>
</form>
{result}
</body></html>
"""


def _page(host="", count="4", result=""):
    options = "".join(f'<option{" selected" if str(n) == count else ""}>{n}</option>' for n in range(1, 11))
    return PAGE.format(host=html.escape(host), options=options, result=result)


def app(environ, start_response):
    method = environ.get("REQUEST_METHOD", "GET")
    path = environ.get("PATH_INFO", "/")
    if path == "/":
        start_response("302 Found", [("Location", "/diagnostics")])
        return [b""]
    if path != "/diagnostics":
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"Not found\n"]
    status, body = "200 OK", _page()
    if method == "POST":
        size = int(environ.get("CONTENT_LENGTH") or 0)
        form = parse_qs(environ["wsgi.input"].read(size).decode("utf-8", "replace"), keep_blank_values=True)
        host = form.get("host", [""])[0]
        count = form.get("count", ["4"])[0]
        try:
            output = diagnostics.ping(host, count)
            result = f"<h2>Result</h2>\n<pre>{html.escape(output)}</pre>"
        except ValueError as err:
            status = "400 Bad Request"
            result = f'<p class="error">{html.escape(str(err))}</p>'
        body = _page(host, count, result)
    start_response(status, [("Content-Type", "text/html; charset=utf-8")])
    return [body.encode("utf-8")]
