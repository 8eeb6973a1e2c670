"""The harness request loop: call, http, run, evidence, ping."""

import importlib
import io
import os
import sys
import time

from pysec_harness import evidence
from pysec_wire import Channel, b64decode, b64encode, decode, encode

_handles = {}
_config = {}


def _learner_traceback(exc):
    """The traceback as the learner would see it: harness frames cut off."""
    import traceback  # on the error path only: keeps the harness start fast

    frames = traceback.extract_tb(exc.__traceback__)
    here = os.path.dirname(os.path.abspath(__file__))
    kept = [f for f in frames if not f.filename.startswith(here) and not f.filename.startswith("<frozen")
            and not f.filename.endswith(("importlib/__init__.py", "/runpy.py"))]
    lines = ["Traceback (most recent call last):\n"]
    lines += traceback.format_list(kept)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines)[-8000:]


def _error(exc):
    try:
        message = str(exc)
    except Exception:
        message = "<unprintable exception>"
    mro = [f"{c.__module__}.{c.__qualname__}" for c in type(exc).__mro__]
    return {"type": type(exc).__name__, "message": message[:2000], "traceback": _learner_traceback(exc), "mro": mro}


def _resolve(target):
    """'pkg.module:qualname' or '$3.method' (a method of a handle returned earlier)."""
    if target.startswith("$"):
        ref, _, attr = target[1:].partition(".")
        obj = _handles[int(ref)]
        return getattr(obj, attr) if attr else obj
    module_name, _, qualname = target.partition(":")
    obj = importlib.import_module(module_name)
    for part in filter(None, qualname.split(".")):
        obj = getattr(obj, part)
    return obj


def _arg(value):
    value = decode(value)
    if isinstance(value, dict) and set(value) == {"$handle"}:
        return _handles[int(value["$handle"])]
    return value


def _result(value, keep):
    if keep:
        ref = len(_handles) + 1
        _handles[ref] = value
        return {"$handle": ref, "$type": type(value).__name__}
    return encode(value)


def op_call(req):
    fn = _resolve(req["fn"])
    args = [_arg(a) for a in req.get("args", [])]
    kwargs = {k: _arg(v) for k, v in req.get("kwargs", {}).items()}
    start = time.perf_counter_ns()
    value = fn(*args, **kwargs)
    took = time.perf_counter_ns() - start
    return {"value": _result(value, req.get("keep", False)), "inner_ns": took}


def op_http(req):
    app = _resolve(_config["wsgi"])
    body = b64decode(req.get("body", ""))
    path, _, query = req.get("path", "/").partition("?")
    environ = {
        "REQUEST_METHOD": req.get("method", "GET").upper(),
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "lab.local",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": req.get("remote_addr", "203.0.113.7"),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)),
    }
    for name, value in req.get("headers", {}).items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        elif key != "CONTENT_LENGTH":
            environ["HTTP_" + key] = value
    status_headers = {}

    def start_response(status, headers, exc_info=None):
        status_headers["status"] = status
        status_headers["headers"] = headers
        return lambda data: chunks.append(data)

    chunks = []
    start = time.perf_counter_ns()
    result = app(environ, start_response)
    try:
        for chunk in result:
            chunks.append(chunk)
    finally:
        if hasattr(result, "close"):
            result.close()
    took = time.perf_counter_ns() - start
    status = status_headers.get("status", "500 no start_response")
    return {
        "status": int(status.split(" ", 1)[0]),
        "headers": [[str(k), str(v)] for k, v in status_headers.get("headers", [])],
        "body": b64encode(b"".join(chunks)),
        "inner_ns": took,
    }


def op_run(req):
    """Run the lab's command-line module as __main__, in this process."""
    module = req.get("module") or _config.get("cli")
    argv = [str(a) for a in req.get("argv", [])]
    stdin = req.get("stdin", "")
    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv, sys.stdin, sys.stdout, sys.stderr
    sys.argv = [module] + argv
    sys.stdin = io.StringIO(stdin)
    sys.stdout, sys.stderr = out, err
    code = 0
    import runpy

    try:
        runpy.run_module(module, run_name="__main__", alter_sys=False)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            err.write(str(exc.code) + "\n")
    except BaseException as exc:  # noqa: BLE001 - an uncaught error is the program's exit
        err.write(_learner_traceback(exc))
        code = 1
    finally:
        sys.argv, sys.stdin, sys.stdout, sys.stderr = saved
    return {"exit_code": code, "stdout": out.getvalue()[-1_000_000:], "stderr": err.getvalue()[-1_000_000:]}


def op_evidence(req):
    return {"events": evidence.take(clear=req.get("clear", True))}


def op_import(req):
    for name in req.get("modules", []):
        importlib.import_module(name)
    return {}


OPS = {"call": op_call, "http": op_http, "run": op_run, "evidence": op_evidence, "import": op_import,
       "ping": lambda req: {}}


def main(argv):
    global _config
    # A warm harness gets its configuration after the broker has put the check's files in place.
    channel, _config = Channel.start(argv, "config")
    if _config is None:
        return
    evidence.install()
    root = _config.get("root", "/lab")
    os.chdir(root)
    for entry in reversed(_config.get("path", [root])):
        sys.path.insert(0, entry)
    evidence.start_recording()
    channel.send({"ready": True, "pid": os.getpid()})
    while True:
        req = channel.receive()
        if req is None:
            return
        handler = OPS.get(req.get("op"))
        reply = {"id": req.get("id")}
        if handler is None:
            reply["error"] = {"type": "ProtocolError", "message": f"unknown op {req.get('op')!r}", "traceback": ""}
        else:
            try:
                reply.update(handler(req))
            except BaseException as exc:  # noqa: BLE001 - learner code may raise anything, even SystemExit
                reply["error"] = _error(exc)
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            channel.send(reply)
        except (TypeError, ValueError) as exc:
            channel.send({"id": req.get("id"), "error": _error(exc)})
