"""Runs a CGI script for one request, the way web servers have done since 1993.

The script gets a minimal environment built from an allowlist: a fixed PATH and locale,
and the CGI variables it actually uses, each checked first. Nothing else travels: not the
portal's own environment (database password, session key), not the request headers. A
value an attacker controls never reaches the shell unless it has been checked.
"""

import ipaddress
import re
import subprocess

from app.settings import LAB, SHELL

METHODS = {"GET", "HEAD", "POST"}
# Characters of a URL query string (RFC 3986 unreserved, percent-escapes, and = & + ; ,).
QUERY = re.compile(r"[A-Za-z0-9._~%+=&;,-]*")
# PATH_INFO below the script: path segments of letters, digits, dot, dash and underscore.
PATH_INFO = re.compile(r"(/[A-Za-z0-9._-]+)*/?")


def cgi_environment(environ, script_name, path_info):
    """The environment for the CGI script, built from the WSGI request `environ`.

    Raises ValueError when a value the script needs is not well-formed.
    """
    method = environ.get("REQUEST_METHOD", "GET")
    query = environ.get("QUERY_STRING", "")
    if method not in METHODS:
        raise ValueError("unsupported method")
    if not QUERY.fullmatch(query) or len(query) > 2000:
        raise ValueError("malformed query string")
    if not PATH_INFO.fullmatch(path_info) or len(path_info) > 500:
        raise ValueError("malformed path")
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "GATEWAY_INTERFACE": "CGI/1.1",
        "SERVER_SOFTWARE": "harbourview-portal/2.3",
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
    }
    try:
        env["REMOTE_ADDR"] = str(ipaddress.ip_address(environ.get("REMOTE_ADDR", "")))
    except ValueError:
        pass  # the script can do without it
    return env


def run_script(environ, script, script_name, path_info):
    """Run the CGI script `script` (a path) for this request; returns what it printed (bytes).

    May raise ValueError for a request it will not run; the server answers 400.
    """
    env = cgi_environment(environ, script_name, path_info)
    done = subprocess.run([*SHELL, str(script)], env=env, cwd=LAB, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, timeout=10)
    return done.stdout
