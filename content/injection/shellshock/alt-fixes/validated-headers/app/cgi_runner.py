"""Runs a CGI script for one request."""

import os
import re
import subprocess

from app.settings import LAB, SHELL

# Headers the office wants in its logs one day; passed only when they look like what they are.
HEADERS = {"HTTP_ACCEPT_LANGUAGE": re.compile(r"[A-Za-z0-9 ,;=.*-]{1,100}"),
           "HTTP_USER_AGENT": re.compile(r"[A-Za-z0-9 ()/;:,._+-]{1,300}")}


def _query(raw):
    from urllib.parse import parse_qsl, urlencode

    # Re-encode the query from its decoded pairs: the script gets well-formed URL text only.
    pairs = parse_qsl(raw, keep_blank_values=True)
    if urlencode(pairs) != raw.replace("%20", "+"):
        raise ValueError("malformed query string")
    return raw


def cgi_environment(environ, script_name, path_info):
    if environ.get("REQUEST_METHOD") not in ("GET", "POST", "HEAD"):
        raise ValueError("method not allowed")
    if not re.fullmatch(r"[/A-Za-z0-9._-]*", path_info):
        raise ValueError("malformed path")
    env = {
        "PATH": "/usr/bin:/bin",
        "REQUEST_METHOD": environ["REQUEST_METHOD"],
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path_info,
        "QUERY_STRING": _query(environ.get("QUERY_STRING", "")),
    }
    for key, pattern in HEADERS.items():
        value = environ.get(key)
        if value is not None and pattern.fullmatch(value) and not value.startswith("("):
            env[key] = value
    return env


def run_script(environ, script, script_name, path_info):
    """Run the CGI script `script` (a path) for this request; returns what it printed (bytes)."""
    env = cgi_environment(environ, script_name, path_info)
    done = subprocess.run([*SHELL, str(script)], env=env, cwd=LAB, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, timeout=10)
    return done.stdout
