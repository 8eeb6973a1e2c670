"""pysec_client — how an exploit talks to the program it attacks.

In an exploit step your script runs in its own sandbox; the vulnerable program runs in
another. `target` is your only way to reach it, as an outside attacker would:

    from pysec_client import target
    resp = target.http("POST", "/login", form={"user": "admin", "password": "x"})
    print(resp.status, resp.text)

`print()` output is what the judge reads to see what you found.
"""


from pysec_wire import Channel, b64decode, decode, encode, http_request

_channel = None


def _send(req):
    global _channel
    if _channel is None:
        _channel = Channel.claim_stdio()
    _channel.send(req)
    reply = _channel.receive()
    if reply is None:
        raise SystemExit("pysec: the target is gone")
    if reply.get("denied"):
        raise PermissionError(reply["denied"])
    if reply.get("fault"):
        raise RuntimeError("the target " + reply["fault"].get("message", "failed"))
    inner = reply["reply"]
    if inner.get("error"):
        err = inner["error"]
        raise RuntimeError(f"the target raised {err.get('type')}: {err.get('message')}")
    return inner


class Response:
    def __init__(self, inner):
        self.status = int(inner["status"])
        self.headers = [tuple(h) for h in inner["headers"]]
        self.body = b64decode(inner["body"])
        self.text = self.body.decode("utf-8", "replace")

    def json(self):
        import json  # on demand: the exploit's start stays free of it (see pysec_wire)

        return json.loads(self.body)

    def __repr__(self):
        return f"<Response {self.status} {len(self.body)} bytes>"


class _Target:
    def call(self, fn, *args, **kwargs):
        """Call one of the program's public entry points (the lab says which)."""
        inner = _send({"op": "call", "fn": fn, "args": [encode(a) for a in args],
                       "kwargs": {k: encode(v) for k, v in kwargs.items()}})
        return decode(inner.get("value"))

    def http(self, method, path, headers=None, body=b"", form=None, json=None):
        """Send one HTTP request to the program's web interface."""
        return Response(_send(http_request(method, path, headers, body, form, json)))

    def run(self, argv, stdin=""):
        """Run the program's command line with argv and stdin; returns (exit_code, stdout, stderr)."""
        inner = _send({"op": "run", "argv": list(argv), "stdin": stdin})
        return inner["exit_code"], inner["stdout"], inner["stderr"]


target = _Target()
