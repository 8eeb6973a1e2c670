"""JSON-lines wire format shared by the harness, the judge library and the exploit client.

Every process pysec starts in a sandbox talks to the broker with one JSON object per line.
Python values that JSON cannot carry are tagged: bytes as {"$bytes": base64}, objects the
judge should only look at as {"$repr": ..., "$type": ...}. The broker never trusts what a
sandboxed process writes; it caps and validates every line (see packages/judge).
"""

import _json
import binascii
import os
import sys

MAX_LINE = 16 * 1024 * 1024


# binascii rather than base64: the base64 module imports re, which costs every sandboxed
# process about 5 ms at start.
def b64encode(data):
    return binascii.b2a_base64(bytes(data), newline=False).decode("ascii")


def b64decode(text):
    return binascii.a2b_base64(text)


# JSON through the json module's C parts directly: `import json` imports re (and enum,
# functools, collections), about 4 ms of every sandboxed process's start.
def _no_constant(name):
    raise ValueError(f"{name} is not allowed on the channel")


class _ScanContext:
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = staticmethod(_no_constant)
    memo = None


_scan = _json.make_scanner(_ScanContext())


def _no_default(value):
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_encode = _json.make_encoder(None, _no_default, _json.encode_basestring, None, ":", ",", False, False, False)


def dumps(value):
    """Compact JSON, non-ASCII kept as is; NaN and infinities refused (as json.dumps(allow_nan=False))."""
    return "".join(_encode(value, 0))


_SPACE = " \t\n\r"


def loads(text):
    """Parses one JSON value (str or UTF-8 bytes); raises ValueError on anything else."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", "surrogatepass")
    start = len(text) - len(text.lstrip(_SPACE))
    try:
        value, end = _scan(text, start)
    except StopIteration as err:
        raise ValueError(f"not JSON at character {err.value}") from None
    if len(text.rstrip(_SPACE)) != end:
        raise ValueError(f"extra data after JSON at character {end}")
    return value


def add_venv_site():
    """pysec starts Python with -S (no site module: about 5 ms less per process); this adds
    the venv's site-packages by hand, without running .pth files."""
    if sys.flags.no_site:
        # Without site, sys.prefix is the base installation: find the venv from the interpreter path.
        venv = os.path.dirname(os.path.dirname(sys.executable))
        if not os.path.exists(os.path.join(venv, "pyvenv.cfg")):
            return
        v = sys.version_info
        path = os.path.join(venv, "lib", f"python{v.major}.{v.minor}", "site-packages")
        if path not in sys.path:
            sys.path.append(path)
        import builtins

        for name in ("exit", "quit"):  # site normally provides these; scripts do call them
            if not hasattr(builtins, name):
                setattr(builtins, name, sys.exit)


def encode(value, depth=0):
    """Turn a Python value into something json.dumps accepts, tagging the rest."""
    if depth > 40:
        return {"$repr": "<nested too deeply>", "$type": type(value).__name__}
    if value is None or isinstance(value, (bool, int, str)):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
            # Hex, not str(): str() of an int over 4300 digits raises (int_max_str_digits),
            # which would look like an error of the learner's code.
            return {"$int": hex(value)}
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return {"$float": repr(value)}
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$bytes": b64encode(value)}
    if isinstance(value, (list, tuple)):
        return [encode(v, depth + 1) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        if any(k.startswith("$") for k in value):
            return {"$dict": [[k, encode(v, depth + 1)] for k, v in value.items()]}
        return {k: encode(v, depth + 1) for k, v in value.items()}
    if isinstance(value, dict):
        return {"$dict": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    if isinstance(value, (set, frozenset)):
        return {"$set": [encode(v, depth + 1) for v in value]}
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ must not break the channel
        text = "<unrepresentable>"
    return {"$repr": text[:2000], "$type": type(value).__name__}


class Opaque:
    """A value the other side could only describe (its repr and type name)."""

    def __init__(self, text, type_name):
        self.text = text
        self.type_name = type_name

    def __repr__(self):
        return self.text

    def __eq__(self, other):
        return isinstance(other, Opaque) and (self.text, self.type_name) == (other.text, other.type_name)

    __hash__ = None


def decode(value):
    """Inverse of encode(); unknown shapes stay plain JSON."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            (key, inner), = value.items()
            if key == "$bytes" and isinstance(inner, str):
                return b64decode(inner)
            if key == "$int" and isinstance(inner, str):
                return int(inner, 16) if inner.lstrip("-").startswith("0x") else int(inner)
            if key == "$float" and isinstance(inner, str):
                return float(inner)
            if key == "$set" and isinstance(inner, list):
                return set(_hashable(decode(v)) for v in inner)
            if key == "$dict" and isinstance(inner, list):
                return {_hashable(decode(k)): decode(v) for k, v in inner}
        if set(value) == {"$repr", "$type"}:
            return Opaque(str(value["$repr"]), str(value["$type"]))
        return {k: decode(v) for k, v in value.items()}
    return value


def _hashable(v):
    return tuple(_hashable(x) for x in v) if isinstance(v, list) else v


def http_request(method, path, headers=None, body=b"", form=None, json_body=None):
    """The harness's `http` request for one HTTP call (form and JSON bodies encoded here)."""
    headers = dict(headers or {})
    if form is not None:
        from urllib.parse import urlencode

        body = urlencode(form).encode()
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    if json_body is not None:
        import json  # the target's JSON reader may be strict about spacing: the usual form

        body = json.dumps(json_body).encode()
        headers.setdefault("Content-Type", "application/json")
    if isinstance(body, str):
        body = body.encode()
    return {"op": "http", "method": method, "path": path, "headers": headers,
            "body": b64encode(body)}


class Channel:
    """One JSON object per line over a pair of private file descriptors.

    `claim_stdio()` moves the channel off fd 0/1 so that print() and child processes of
    the code under test write to stderr and can never be mistaken for a message.
    """

    def __init__(self, rfd, wfd):
        self._r = os.fdopen(rfd, "rb", buffering=1 << 16)
        self._w = os.fdopen(wfd, "wb", buffering=0)

    @classmethod
    def claim_stdio(cls):
        rfd, wfd = os.dup(0), os.dup(1)
        os.set_inheritable(rfd, False)
        os.set_inheritable(wfd, False)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.dup2(2, 1)
        sys.stdout = open(1, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)
        sys.stdin = open(0, "r", closefd=False)
        return cls(rfd, wfd)

    @classmethod
    def start(cls, argv, key):
        """Claims stdio and returns (channel, configuration). A process started ahead of time
        (`--wait`, a warm sandbox) gets its configuration as the first message, under `key`,
        once the broker has a check for it; else it is the JSON in argv[0]. None: the broker
        went away, or sent something else, before a check came."""
        channel = cls.claim_stdio()
        if argv and argv[0] == "--wait":
            first = channel.receive()
            if not isinstance(first, dict) or key not in first:
                return channel, None
            return channel, first[key]
        return channel, (loads(argv[0]) if argv else {})

    def close(self):
        self._r.close()
        self._w.close()

    def send(self, message):
        data = dumps(message)
        self._w.write(data.encode("utf-8", "surrogatepass") + b"\n")

    def receive(self):
        line = self._r.readline(MAX_LINE + 1)
        if not line:
            return None
        if len(line) > MAX_LINE:
            raise ValueError("message too long")
        return loads(line)
