"""Runs a CGI script with only the CGI variables it uses; the query must parse as a form."""

import subprocess
from urllib.parse import parse_qsl

from app.settings import LAB, SHELL

PASSED = ("REQUEST_METHOD", "QUERY_STRING")


def cgi_environment(environ, script_name, path_info):
    query = environ.get("QUERY_STRING", "")
    if query:
        parse_qsl(query, strict_parsing=True)  # raises ValueError for anything that is not a=b&c=d
    if environ.get("REQUEST_METHOD", "GET") not in ("GET", "POST", "HEAD"):
        raise ValueError("method")
    if any(not (c.isalnum() or c in "/._-") for c in path_info):
        raise ValueError("path")
    env = {name: environ.get(name, "") for name in PASSED}
    env.update(PATH="/bin:/usr/bin", SCRIPT_NAME=script_name, PATH_INFO=path_info, GATEWAY_INTERFACE="CGI/1.1")
    return env


def run_script(environ, script, script_name, path_info):
    env = cgi_environment(environ, script_name, path_info)
    done = subprocess.run([*SHELL, str(script)], env=env, cwd=LAB, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, timeout=10)
    return done.stdout
