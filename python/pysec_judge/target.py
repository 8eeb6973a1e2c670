"""The judge's view of the code under test: a client that goes through the broker."""


from pysec_wire import b64decode, b64encode, decode, encode, http_request


class TargetError(Exception):
    """The code under test did not give an answer. `learner_message` says why, plainly."""

    learner_message = "The code under test failed."


class TargetRaised(TargetError):
    """The code under test raised. `mro` lists the exception's classes ("builtins.ValueError", …)."""

    def __init__(self, type_name, message, traceback_text, mro=()):
        super().__init__(f"{type_name}: {message}")
        self.mro = list(mro)
        self.type_name = type_name
        self.message = message
        self.traceback = traceback_text
        self.learner_message = f"Your code raised {type_name}: {message}"

    def is_a(self, qualified_name):
        """True when the exception is (a subclass of) e.g. "builtins.ValueError"."""
        return qualified_name in self.mro


class TargetTimeout(TargetError):
    def __init__(self, seconds, output=""):
        super().__init__(f"no answer within {seconds:g} s")
        self.seconds = seconds
        self.output = output
        self.learner_message = (
            f"Your code did not answer within {seconds:g} s and was stopped (a hang counts as a failed check)."
        )


class TargetCrashed(TargetError):
    def __init__(self, reason, output=""):
        super().__init__(reason)
        self.reason = reason
        self.output = output
        self.learner_message = f"The program under test stopped: {reason}."


class Result:
    """Return value of a call, with the broker's wall-clock time for it."""

    def __init__(self, value, wall_ms, inner_ms, handle=None):
        self.value = value
        self.wall_ms = wall_ms
        self.inner_ms = inner_ms
        self.handle = handle

    def __repr__(self):
        return f"Result({self.value!r}, wall_ms={self.wall_ms:.2f})"


class Response:
    """An HTTP response from the lab's WSGI app."""

    def __init__(self, status, headers, body, wall_ms):
        self.status = status
        self.headers = headers
        self.body = body
        self.wall_ms = wall_ms

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name, default=None):
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return default

    def json(self):
        import json  # on demand: the judge's start stays free of it (see pysec_wire)

        return json.loads(self.body)


class RunResult:
    def __init__(self, exit_code, stdout, stderr, wall_ms):
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.wall_ms = wall_ms


class ExploitResult:
    def __init__(self, exit_code, output, timed_out, wall_ms, requests):
        self.exit_code = exit_code
        self.output = output
        self.timed_out = timed_out
        self.wall_ms = wall_ms
        self.requests = requests


class Handle:
    """An object that lives in the target (e.g. an instance); call its methods by name."""

    def __init__(self, target, ref, type_name):
        self._target = target
        self.ref = ref
        self.type_name = type_name

    def call(self, method, *args, timeout=None, keep=False, **kwargs):
        return self._target.call(f"${self.ref}.{method}", *args, timeout=timeout, keep=keep, **kwargs)


def _wire_arg(value):
    if isinstance(value, Handle):
        return {"$handle": value.ref}
    return encode(value)


class Target:
    def __init__(self, broker, default_timeout):
        self._broker = broker
        self.default_timeout = default_timeout

    def _request(self, req, timeout):
        timeout = self.default_timeout if timeout is None else timeout
        reply = self._broker.request({"op": "target", "req": req, "timeout": timeout})
        fault = reply.get("fault")
        if fault:
            if fault.get("kind") == "timeout":
                raise TargetTimeout(timeout, fault.get("output", ""))
            raise TargetCrashed(fault.get("message", "it exited"), fault.get("output", ""))
        inner = reply["reply"]
        error = inner.get("error")
        if error:
            raise TargetRaised(str(error.get("type")), str(error.get("message")), str(error.get("traceback", "")),
                               [str(m) for m in error.get("mro", []) if isinstance(m, str)])
        return inner, float(reply.get("wall_ms", 0.0))

    def call(self, fn, *args, timeout=None, keep=False, **kwargs):
        """Call `module:function` in the code under test. keep=True returns a Handle."""
        req = {"op": "call", "fn": fn, "args": [_wire_arg(a) for a in args],
               "kwargs": {k: _wire_arg(v) for k, v in kwargs.items()}, "keep": keep}
        inner, wall = self._request(req, timeout)
        raw = inner.get("value")
        inner_ms = float(inner.get("inner_ns", 0)) / 1e6
        if keep and isinstance(raw, dict) and "$handle" in raw:
            return Result(None, wall, inner_ms, Handle(self, int(raw["$handle"]), str(raw.get("$type"))))
        return Result(decode(raw), wall, inner_ms)

    def http(self, method, path, headers=None, body=b"", form=None, json_body=None, timeout=None):
        """Send one request to the lab's WSGI app."""
        req = http_request(method, path, headers, body, form, json_body)
        inner, wall = self._request(req, timeout)
        return Response(int(inner["status"]), [tuple(h) for h in inner["headers"]],
                        b64decode(inner["body"]), wall)

    def run(self, argv, stdin="", module=None, timeout=None):
        """Run the lab's command-line program with argv and stdin."""
        req = {"op": "run", "argv": list(argv), "stdin": stdin}
        if module:
            req["module"] = module
        inner, wall = self._request(req, timeout)
        return RunResult(int(inner["exit_code"]), inner["stdout"], inner["stderr"], wall)

    def evidence(self, clear=True):
        """Events recorded inside the target since the last call (audit hooks, SQL)."""
        inner, _ = self._request({"op": "evidence", "clear": clear}, None)
        return inner.get("events", [])

    def sql(self, clear=True):
        """(sql_text, params) for each statement the code under test sent to sqlite3."""
        return [(e.get("sql", ""), e.get("params"))
                for e in self.evidence(clear) if e.get("event") in ("sqlite3.execute", "sqlite3.executemany",
                                                                   "sqlite3.executescript")]

    def preload(self, *modules, timeout=None):
        """Import the learner's modules now, so import errors surface as their own failure."""
        self._request({"op": "import", "modules": list(modules)}, timeout)

    def restart(self):
        """Start a fresh target process (files written so far stay)."""
        self._broker.request({"op": "restart"})

    def write_file(self, path, data):
        """Create a file in the target's folder (before or between calls)."""
        if isinstance(data, str):
            data = data.encode()
        reply = self._broker.request({"op": "write_file", "where": "target", "path": path,
                                      "data": b64encode(data)})
        if reply.get("error"):
            raise RuntimeError(reply["error"])

    def read_file(self, path):
        """Read a file the target wrote (None when missing; symlinks are never followed)."""
        reply = self._broker.request({"op": "read_file", "where": "target", "path": path})
        if reply.get("error"):
            raise RuntimeError(reply["error"])
        data = reply.get("data")
        return None if data is None else b64decode(data)

    def output(self):
        """What the code under test printed so far (tail)."""
        return self._broker.request({"op": "output"}).get("text", "")


class Exploit:
    """The learner's exploit, run in its own sandbox against the target."""

    def __init__(self, broker):
        self._broker = broker

    def write_file(self, path, data):
        """Give the exploit a file (e.g. a leaked dump made for this run) before it runs."""
        if isinstance(data, str):
            data = data.encode()
        reply = self._broker.request({"op": "write_file", "where": "exploit", "path": path,
                                      "data": b64encode(data)})
        if reply.get("error"):
            raise RuntimeError(reply["error"])

    def run(self, timeout=20.0):
        reply = self._broker.request({"op": "exploit", "timeout": timeout})
        if reply.get("error"):
            raise RuntimeError(reply["error"])
        return ExploitResult(reply.get("exit_code"), reply.get("output", ""), bool(reply.get("timed_out")),
                             float(reply.get("wall_ms", 0)), int(reply.get("requests", 0)))
