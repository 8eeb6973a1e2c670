"""Runs a CGI script for one request."""

import os
import re
import subprocess

from app.settings import LAB, SHELL

# What the script may receive, and what each value must look like.
ALLOWED = {
    "REQUEST_METHOD": re.compile(r"GET|HEAD|POST"),
    "QUERY_STRING": re.compile(r"[\w.~%+=&;,-]*", re.ASCII),
    "SERVER_PROTOCOL": re.compile(r"HTTP/1\.[01]"),
    "SERVER_PORT": re.compile(r"[0-9]{1,5}"),
}
SAFE_PATH = re.compile(r"(?:/[\w.-]+)*/?", re.ASCII)


def cgi_environment(environ, script_name, path_info):
    env = {"PATH": "/bin:/usr/bin", "GATEWAY_INTERFACE": "CGI/1.1", "SCRIPT_NAME": script_name}
    for key, pattern in ALLOWED.items():
        value = str(environ.get(key, ""))
        # A value that doesn't fit is left out: the script treats it as not sent.
        if pattern.fullmatch(value):
            env[key] = value
    env["PATH_INFO"] = path_info if SAFE_PATH.fullmatch(path_info) else ""
    return env


def run_script(environ, script, script_name, path_info):
    """Run the CGI script `script` (a path) for this request; returns what it printed (bytes)."""
    env = cgi_environment(environ, script_name, path_info)
    done = subprocess.run([*SHELL, str(script)], env=env, cwd=LAB, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, timeout=10)
    return done.stdout
