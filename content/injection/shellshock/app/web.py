"""The portal's web front (WSGI). /cgi-bin/<name>[/more/path] runs cgi-bin/<name>.sh.

    GET /cgi-bin/status              the office status page
    GET /cgi-bin/status/mail?days=7  the same, with PATH_INFO and QUERY_STRING set
"""

import sys

from app import cgi_runner, settings

SCRIPTS = {"status": "status.sh"}


def parse_cgi_output(out):
    """CGI output: header lines up to the first empty line, then the body. (status, headers,
    body), or None when a header line is malformed."""
    rest = out.replace(b"\r\n", b"\n")
    status, headers = "200 OK", []
    while True:
        line, sep, rest = rest.partition(b"\n")
        if not sep:
            return None  # no empty line: the script never finished its headers
        if not line:
            break
        name, colon, value = line.decode("latin-1").partition(":")
        if not colon or not name.strip() or " " in name.strip():
            return None
        if name.strip().lower() == "status":
            status = value.strip()
        else:
            headers.append((name.strip(), value.strip()))
    if not any(k.lower() == "content-type" for k, _ in headers):
        headers.append(("Content-Type", "text/plain; charset=utf-8"))
    return status, headers, rest


def _plain(start_response, status, text):
    start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
    return [text.encode("utf-8")]


def app(environ, start_response):
    settings.load_env()
    path = environ.get("PATH_INFO", "/")
    if path in ("/", ""):
        return _plain(start_response, "200 OK", "Harbourview intranet. Try /cgi-bin/status\n")
    parts = path.split("/", 3)  # "", "cgi-bin", name, rest
    if len(parts) < 3 or parts[1] != "cgi-bin" or parts[2] not in SCRIPTS:
        return _plain(start_response, "404 Not Found", "Not found\n")
    name = parts[2]
    path_info = "/" + parts[3] if len(parts) > 3 else ""
    try:
        out = cgi_runner.run_script(environ, settings.CGI_BIN / SCRIPTS[name], f"/cgi-bin/{name}", path_info)
    except ValueError as err:
        return _plain(start_response, "400 Bad Request", f"Bad request: {err}\n")
    parsed = parse_cgi_output(out)
    if parsed is None:
        # Like Apache: the details go to the error log, not to the visitor.
        print(f"cgi: malformed header from script {name!r}", file=sys.stderr)
        return _plain(start_response, "500 Internal Server Error", "Internal Server Error\n")
    status, headers, body = parsed
    start_response(status, headers)
    return [body]
