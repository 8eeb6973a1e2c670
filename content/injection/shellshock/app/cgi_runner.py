"""Runs a CGI script for one request, the way web servers have done since 1993.

The request travels to the script in environment variables: the CGI variables
(REQUEST_METHOD, PATH_INFO, QUERY_STRING, …) and every request header as HTTP_<NAME>
(User-Agent becomes HTTP_USER_AGENT). The script's output is the response.
"""

import os
import subprocess

from app.settings import LAB, SHELL


def cgi_environment(environ, script_name, path_info):
    """The environment for the CGI script, built from the WSGI request `environ`."""
    env = dict(os.environ)  # PATH, locale, … everything the script might need
    env.update({
        "GATEWAY_INTERFACE": "CGI/1.1",
        "SERVER_SOFTWARE": "harbourview-portal/2.3",
        "SERVER_NAME": environ.get("SERVER_NAME", "intranet"),
        "SERVER_PORT": environ.get("SERVER_PORT", "80"),
        "SERVER_PROTOCOL": environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
        "REQUEST_METHOD": environ.get("REQUEST_METHOD", "GET"),
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path_info,
        "QUERY_STRING": environ.get("QUERY_STRING", ""),
        "REMOTE_ADDR": environ.get("REMOTE_ADDR", ""),
        "CONTENT_TYPE": environ.get("CONTENT_TYPE", ""),
        "CONTENT_LENGTH": environ.get("CONTENT_LENGTH", ""),
    })
    for key, value in environ.items():
        if key.startswith("HTTP_"):  # the request headers
            env[key] = value
    return env


def run_script(environ, script, script_name, path_info):
    """Run the CGI script `script` (a path) for this request; returns what it printed (bytes).

    May raise ValueError for a request it will not run; the server answers 400.
    """
    env = cgi_environment(environ, script_name, path_info)
    done = subprocess.run([*SHELL, str(script)], env=env, cwd=LAB, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, timeout=10)
    return done.stdout
