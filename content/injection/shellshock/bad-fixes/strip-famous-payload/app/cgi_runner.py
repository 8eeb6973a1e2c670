"""Runs a CGI script for one request."""

import os
import re
import subprocess

from app.settings import LAB, SHELL


def cgi_environment(environ, script_name, path_info):
    env = dict(os.environ)
    env.update({
        "GATEWAY_INTERFACE": "CGI/1.1",
        "REQUEST_METHOD": environ.get("REQUEST_METHOD", "GET"),
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path_info,
        "QUERY_STRING": environ.get("QUERY_STRING", ""),
        "CONTENT_TYPE": environ.get("CONTENT_TYPE", ""),
    })
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            env[key] = value.replace("() { :;};", "")  # the Shellshock payload
    return env


def run_script(environ, script, script_name, path_info):
    """Run the CGI script `script` (a path) for this request; returns what it printed (bytes)."""
    env = cgi_environment(environ, script_name, path_info)
    done = subprocess.run([*SHELL, str(script)], env=env, cwd=LAB, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, timeout=10)
    return done.stdout
