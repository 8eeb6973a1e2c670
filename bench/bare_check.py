"""A check with no sandbox and no broker, for the benchmark's baseline.

Runs the same judge file against the same program in ONE Python process: judge requests go
straight to the harness operations, the exploit (if any) runs in-process too. This is the
floor pysec's sandboxed, brokered check is compared with (bench/check-latency.ts).

    python bare_check.py <python-libs> <run-dir> <judge-file> <context-json> <target-config-json>
"""

import base64
import contextlib
import io
import json
import os
import runpy
import sys
import time

libs, run_dir, judge_file, context, target_cfg = sys.argv[1:6]
sys.path[:0] = [libs]
context = json.loads(context)
target_cfg = json.loads(target_cfg)

from pysec_harness import evidence, server  # noqa: E402
from pysec_judge import checks  # noqa: E402
from pysec_judge.target import Exploit, Target  # noqa: E402

target_dir = os.path.join(run_dir, "target")
exploit_dir = os.path.join(run_dir, "exploit")
evidence.install()
server._config = {"root": target_dir, "wsgi": target_cfg.get("wsgi"), "cli": target_cfg.get("cli")}
os.chdir(target_dir)
for entry in reversed(target_cfg.get("path", ["."])):
    sys.path.insert(0, target_dir if entry == "." else os.path.join(target_dir, entry))
evidence.start_recording()


def target_op(req):
    handler = server.OPS.get(req.get("op"))
    reply = {}
    start = time.perf_counter()
    try:
        reply.update(handler(req))
    except BaseException as exc:  # noqa: BLE001
        reply["error"] = server._error(exc)
    return {"reply": json.loads(json.dumps(reply)), "wall_ms": (time.perf_counter() - start) * 1000}


def forget_learner_modules():
    for name, mod in list(sys.modules.items()):
        if (getattr(mod, "__file__", None) or "").startswith(target_dir):
            del sys.modules[name]


class BareBroker:
    def request(self, msg):
        op = msg["op"]
        if op == "target":
            return target_op(msg["req"])
        if op == "restart":
            forget_learner_modules()
            return {}
        if op == "output":
            return {"text": ""}
        base = exploit_dir if msg.get("where") == "exploit" else target_dir
        path = os.path.join(base, msg.get("path", ""))
        if op == "write_file":
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(base64.b64decode(msg["data"]))
            return {}
        if op == "read_file":
            if not os.path.isfile(path) or os.path.islink(path):
                return {"data": None}
            with open(path, "rb") as f:
                return {"data": base64.b64encode(f.read()).decode()}
        if op == "exploit":
            import pysec_client

            pysec_client._send = lambda req: target_op(req)["reply"]
            out = io.StringIO()
            start = time.perf_counter()
            code = 0
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                try:
                    runpy.run_path(os.path.join(exploit_dir, context["exploit"]), run_name="__main__")
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else 1
                except BaseException:  # noqa: BLE001
                    code = 1
            return {"exit_code": code, "output": out.getvalue(), "timed_out": False,
                    "wall_ms": (time.perf_counter() - start) * 1000, "requests": 0}
        return {"error": f"unknown op {op}"}


broker = BareBroker()
run = checks.Run(Target(broker, float(context.get("call_timeout", 3))), Exploit(broker), context)
sys.path.insert(0, os.path.dirname(judge_file))
import importlib.util  # noqa: E402

spec = importlib.util.spec_from_file_location("pysec_judge_file", judge_file)
module = importlib.util.module_from_spec(spec)
sys.modules["pysec_judge_file"] = module
spec.loader.exec_module(module)
result = checks.run_all(run)
sys.__stdout__.write(json.dumps({"passed": bool(result["checks"]) and all(c["passed"] for c in result["checks"]),
                                 "checks": len(result["checks"])}) + "\n")
