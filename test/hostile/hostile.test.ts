// Hostile submissions: learner code that attacks pysec itself. Each runs through the real
// engine (sandbox, broker, judge) against the fixture lab "victim", whose honest answer is
// "fail" — so any cheat that worked would show up as a pass. After each we check the host
// (host-checks.ts): the check failed with a clear reason, nothing outside the run folder
// changed, no process is left, a loopback service outside is alive, and no hidden judge data
// reached the learner. More cases, against the judge itself, are in more-hostile.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkLab } from '@pysec/judge';
import { sandboxInfo } from '@pysec/runner';
import { fixtureLab, submission } from '../helpers.ts';
import { assertContained, Host, watchLaunches } from './host-checks.ts';

const lab = fixtureLab('victim');
const host = new Host();

before(() => host.start());
after(() => host.stop());

const WRONG_ADD = 'def add(a, b):\n    return a - b\n';

interface Case {
  name: string;
  code: () => string;
  /** A phrase the failing reason must contain (the learner's terms). */
  reason: RegExp;
  extra?: () => Promise<void> | void;
}

const cases: Case[] = [
  {
    name: 'fork bomb',
    code: () =>
      `import os\ndef add(a, b):\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n`,
    reason: /did not answer|stopped/,
  },
  {
    name: 'memory bomb',
    code: () => `def add(a, b):\n    block = bytearray(10 * 1024**3)\n    return a + b\n`,
    reason: /MemoryError/,
  },
  {
    name: 'memory growth in small chunks',
    code: () => `def add(a, b):\n    hog = []\n    while True:\n        hog.append(bytearray(1 << 20))\n`,
    reason: /MemoryError|stopped|killed/,
  },
  {
    name: 'infinite loop',
    code: () => `def add(a, b):\n    while True:\n        pass\n`,
    reason: /did not answer within 2 s/,
  },
  {
    name: 'output flood',
    code: () => `def add(a, b):\n    while True:\n        print("x" * 4096)\n`,
    reason: /printed more than|did not answer|stopped/,
  },
  {
    name: 'reading the judge files',
    code: () =>
      `import os\nfound = []\nfor root, dirs, files in os.walk("/"):\n    if root.startswith(("/proc", "/sys", "/usr", "/venv", "/dev")):\n        dirs[:] = []\n        continue\n    for f in files:\n        p = os.path.join(root, f)\n        try:\n            t = open(p, errors="ignore").read(20000)\n        except Exception:\n            continue\n        if "JUDGE-SECRET" in t or "pysec_judge" in t:\n            found.append(t)\nprint("FOUND", found)\n${WRONG_ADD}`,
    reason: /returned/,
    extra: () => undefined,
  },
  {
    name: 'printing a fake verdict on every channel',
    code: () =>
      `import json, os, sys\nfake = json.dumps({"checks": [{"id": "adds", "kind": "functional", "title": "x", "passed": True, "hidden": False, "message": ""}]})\nprint(fake)\nsys.stderr.write(fake + "\\n")\nfor fd in range(3, 64):\n    try:\n        os.write(fd, (fake + "\\n").encode())\n    except OSError:\n        pass\nopen("/lab/verdict.json", "w").write(fake)\n${WRONG_ADD}`,
    reason: /returned/,
  },
  {
    name: 'os._exit(0) in the middle of a check',
    code: () => `import os\ndef add(a, b):\n    os._exit(0)\n`,
    reason: /stopped|exited/,
  },
  {
    name: 'patching the harness to forge replies',
    code: () =>
      `import sys\nserver = sys.modules.get("pysec_harness.server")\nif server:\n    def forged(req):\n        return {"value": 10**9}\n    server.OPS["call"] = forged\n    server.OPS["evidence"] = lambda req: {"events": []}\n${WRONG_ADD}`,
    reason: /returned/,
  },
  {
    name: 'connecting to a loopback service outside',
    code: () =>
      `import socket\ndef add(a, b):\n    for host in ("127.0.0.1", "10.0.2.2"):\n        try:\n            socket.create_connection((host, PORT), timeout=0.5).recv(10)\n        except OSError:\n            pass\n    return a - b\n`.replace(
        'PORT',
        String(host.port),
      ),
    reason: /returned/,
  },
  {
    name: 'writing outside the run folder',
    code: () =>
      `import os\nfor p in ["SENTINEL", "HOSTDIR/new.txt", "/tmp/pysec-escaped.txt", "/root/pysec-escaped.txt", "/usr/pysec-escaped.txt"]:\n    try:\n        open(p, "w").write("pwned")\n    except OSError:\n        pass\n${WRONG_ADD}`
        .replace('SENTINEL', host.sentinel)
        .replace('HOSTDIR', host.dir),
    reason: /returned/,
  },
  {
    name: 'a child process that outlives the check',
    code: () =>
      `import os, subprocess\ndef add(a, b):\n    subprocess.Popen(["sleep", "313.37"], start_new_session=True)\n    if os.fork() == 0:\n        os.setsid()\n        subprocess.Popen(["sleep", "313.37"])\n        os._exit(0)\n    return a - b\n`,
    reason: /returned|started a process/,
  },
  {
    name: 'deep recursion with a raised recursion limit',
    code: () =>
      `import sys\nsys.setrecursionlimit(10**8)\ndef add(a, b):\n    def deep(n):\n        return deep(n + 1) + 1\n    return deep(0)\n`,
    reason: /stopped|killed|crash|RecursionError|segmentation|exited/,
  },
  {
    name: 'reading the environment of the sandbox and of pid 1',
    code: () =>
      `import os\nleak = open("/proc/1/environ", "rb").read().decode(errors="ignore") + str(dict(os.environ))\nprint(leak)\ndef add(a, b):\n    return leak\n`,
    reason: /returned/,
  },
  {
    name: 'killing every process it can see',
    code: () =>
      `import os, signal\ndef add(a, b):\n    try:\n        os.kill(-1, signal.SIGKILL)\n    except OSError:\n        pass\n    return a - b\n`,
    reason: /returned|stopped|exited/,
  },
  {
    name: 'stealing the harness channel (reading its private fds)',
    code: () =>
      `import os\ndef add(a, b):\n    for fd in range(3, 20):\n        try:\n            os.read(fd, 65536)\n        except OSError:\n            pass\n    return a - b\n`,
    reason: /did not answer|stopped|returned/,
  },
  {
    name: 'a SyntaxError (broken code, not hostile)',
    code: () => 'def add(a, b)\n    return a + b\n',
    reason: /SyntaxError/,
  },
];

describe('hostile submissions are contained and fail', { concurrency: 1 }, () => {
  it('runs sandboxed here', () => {
    assert.equal(sandboxInfo().kind, 'bwrap', `no sandbox: ${sandboxInfo().note}`);
  });

  for (const c of cases) {
    it(c.name, { timeout: 60_000 }, async () => {
      const connectionsBefore = host.connections;
      const launches = watchLaunches();
      const verdict = await checkLab(lab, submission(lab, { 'app/victim.py': c.code() }));
      launches.stop();
      await assertContained(host, verdict, { reason: c.reason, connectionsBefore, uids: launches.uids });
      await c.extra?.();
    });
  }
});
