// More hostile submissions, through the real engine (checkLab: sandboxes, broker, judge), held
// to the host invariants of host-checks.ts plus three more: no step passed, every file in the
// host folder kept its content, owner and mode (and none appeared), and the run folder is gone.
//
//  - the sandbox payload families of the sandbox notes (shared/notes/sandbox.md §3) that
//    hostile.test.ts does not cover, against the fixture lab "victim" (honest answer: fail);
//  - attacks on the judge's channel and the broker (forged and oversized replies, replies the
//    judge cannot decode, pickles), also against "victim";
//  - attacks on the judge's file reads and writes (symlinks, FIFOs, a chown race) and a step
//    that answers slowly, against the fixture lab "mailroom" (its fix step);
//  - hostile exploits: calls outside the interface, forged request fields, garbage on the
//    channel, reading the judge's files, against the exploit steps of "webapp" and "mailroom".
//
// A case marked todo shows a weakness the engine still has (see its todo text); it runs and
// must keep failing until the engine is fixed, then the todo mark goes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CheckResult, Verdict } from '@pysec/core';
import { checkLab, drainKits, idleKitFolders, releaseRunFolders, useWarmKits, warmStats } from '@pysec/judge';
import { DEFAULT_LIMITS, sandboxInfo } from '@pysec/runner';
import { eventually, fixtureLab, sandboxProcesses, submission } from '../helpers.ts';
import { assertContained, Host, LINGER_MARK, watchLaunches } from './host-checks.ts';

const host = new Host();
// This file runs its cases on warm sandboxes, as `pysec serve` does (hostile.test.ts runs
// cold ones): a kit must contain a hostile submission exactly as a fresh start does.
useWarmKits(1);
/** Run folders go here (PYSEC_RUN_DIR), so a run folder left behind is seen and cleaned up. */
const runs = mkdtempSync(join(tmpdir(), 'pysec-hostile-runs-'));
/** A host file whose content the sandbox must never see. */
const hostSecretFile = join(host.dir, 'host-secret.txt');
const HOST_FILE_SECRET = 'HOST-FILE-SECRET-3f8a';
/** A host folder a chown race aims at (see "a chown race"). */
const baitDir = join(host.dir, 'bait');
const ISOLATED = join(import.meta.dirname, 'isolated-check.ts');
const MIB = 1024 * 1024;

before(async () => {
  await host.start();
  writeFileSync(hostSecretFile, HOST_FILE_SECRET);
  mkdirSync(baitDir);
  writeFileSync(join(baitDir, 'sentinel.txt'), 'bait');
  // Sandboxed processes run as other uids: they must traverse this folder to reach theirs.
  chmodSync(runs, 0o711);
  process.env.PYSEC_RUN_DIR = runs;
});

after(async () => {
  delete process.env.PYSEC_RUN_DIR;
  host.stop();
  await drainKits();
  releaseRunFolders();
  rmSync(runs, { recursive: true, force: true });
});

/** Python source written indented inside this file: backslashes kept, common indent removed. */
function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings.raw }, ...values);
  const lines = text.replace(/^\n/, '').trimEnd().split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return `${lines.map((l) => l.slice(indent)).join('\n')}\n`;
}

/** Learner code that reaches into its own harness: the channel object and the id of the request being served. */
const HARNESS_TOOLS = py`
  import gc, sys

  def _channel():
      for obj in gc.get_objects():
          if type(obj).__name__ == "Channel" and hasattr(obj, "_w"):
              return obj

  def _current_id():
      frame = sys._getframe()
      while frame is not None:
          req = frame.f_locals.get("req")
          if isinstance(req, dict) and "op" in req and "id" in req:
              return req["id"]
          frame = frame.f_back
`;

/** The "mailroom" functions a payload does not attack, left honest. */
const MAIL_REST = py`
  def load():
      with open("inbox/msg.txt", encoding="utf-8") as f:
          return f.read()

  def echo(value):
      return value
`;

type LabId = 'victim' | 'mailroom' | 'webapp';

interface Case {
  name: string;
  lab: LabId;
  step: 'fix' | 'exploit';
  /** The learner's version of the step's file. */
  code: () => string;
  /** A phrase the failing reason must contain (the learner's terms). */
  reason: RegExp;
  /** More the verdict must show (what the payload reported about its attempt). */
  verify?: (verdict: Verdict) => void;
  /** Set when the case shows a weakness the engine still has. */
  todo?: string;
  /** Run the check in a child process: the payload may block the engine's event loop. */
  isolated?: boolean;
  cleanup?: () => void;
}

function failed(verdict: Verdict, id: string): CheckResult {
  const check = verdict.steps.flatMap((s) => s.checks).find((c) => c.id === id);
  assert.ok(check, `no check ${id} in ${JSON.stringify(verdict).slice(0, 400)}`);
  assert.equal(check.passed, false, `check ${id} passed`);
  return check;
}

/** What a victim payload reported: its add() returns a report instead of a sum, which the judge quotes. */
function reported(verdict: Verdict): string {
  return failed(verdict, 'adds').message;
}

/** What an exploit printed, as the judge quotes it. */
function exploitOutput(verdict: Verdict, id: string): string {
  return String(failed(verdict, id).details?.output ?? '');
}

function firstNumber(text: string, label: string): number {
  const m = new RegExp(`${label}\\D*(\\d+)`).exec(text);
  assert.ok(m, `no "${label}" in: ${text.slice(0, 400)}`);
  return Number(m[1]);
}

const cases: Case[] = [
  // ---- sandbox payload families (notes §3) not covered by hostile.test.ts ------------------
  {
    name: '10000 threads (#21)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import threading, time

      def add(a, b):
          started = 0
          try:
              for _ in range(10000):
                  threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
                  started += 1
          except RuntimeError as e:
              return f"threads started: {started} ({e})"
          return f"threads started: {started}"
    `,
    reason: /returned/,
    verify: (v) => assert.ok(firstNumber(reported(v), 'threads started') < 10000, reported(v)),
  },
  {
    name: '9**9**9 (#23)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      def add(a, b):
          if (a, b) == (1, 2):
              return a - b
          return 9**9**9
    `,
    reason: /did not answer within 2 s/,
  },
  {
    name: 'ignoring and blocking every signal, then a busy loop (#24)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import signal

      for s in signal.valid_signals():
          try:
              signal.signal(s, signal.SIG_IGN)
          except (OSError, ValueError, RuntimeError):
              pass
      signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())

      def add(a, b):
          if (a, b) == (1, 2):
              return a - b
          while True:
              pass
    `,
    reason: /did not answer within 2 s/,
  },
  {
    name: 'one huge file, written and sparse (#06)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      def add(a, b):
          written = 0
          try:
              with open("huge.bin", "wb") as f:
                  for _ in range(1024):
                      f.write(b"x" * (1 << 20))
                      written += 1
              end = "no limit"
          except OSError as e:
              end = e.strerror
          try:
              with open("sparse.bin", "wb") as f:
                  f.seek(1 << 40)
                  f.write(b"x")
              sparse = "sparse 1 TiB written"
          except OSError as e:
              sparse = f"sparse refused: {e.strerror}"
          return f"MiB written: {written} ({end}); {sparse}"
    `,
    reason: /returned/,
    verify: (v) => {
      assert.ok(firstNumber(reported(v), 'MiB written') <= DEFAULT_LIMITS.fileBytes / MIB, reported(v));
      assert.match(reported(v), /sparse refused/);
    },
  },
  {
    name: 'many 1 MiB files in the run folder (#07)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import os

      def add(a, b):
          if (a, b) == (1, 2):
              return a - b
          os.makedirs("fill", exist_ok=True)
          block = b"x" * (1 << 20)
          n = 0
          try:
              for n in range(256):
                  with open(f"fill/{n}", "wb") as f:
                      f.write(block)
              n = 256
          except OSError as e:
              return f"MiB stored: {n}, stopped by {e.strerror}"
          return f"MiB stored: {n}, nothing stopped it"
    `,
    reason: /returned/,
    verify: (v) => assert.match(reported(v), /stopped by/, 'nothing limits how much a check stores on the host disk'),
    // The quota is a tmpfs per run folder, which needs root (run-folder.ts mountQuota).
    todo: process.getuid?.() === 0 ? undefined : 'without root the run folder has no size quota (run-folder.ts mountQuota)',
  },
  {
    name: 'many empty files: inode exhaustion (#07)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import os, time

      def add(a, b):
          if (a, b) == (1, 2):
              return a - b
          os.makedirs("many", exist_ok=True)
          n = 0
          end = time.monotonic() + 1.5
          try:
              while n < 20000 and time.monotonic() < end:
                  open(f"many/{n}", "w").close()
                  n += 1
          except OSError as e:
              return f"files made: {n}, stopped by {e.strerror}"
          return f"files made: {n}, nothing stopped it"
    `,
    reason: /returned/,
    verify: (v) => assert.match(reported(v), /stopped by/, 'nothing limits how many inodes a check uses on the host disk'),
    todo: process.getuid?.() === 0 ? undefined : 'without root the run folder has no inode quota (run-folder.ts mountQuota)',
  },
  {
    name: 'filling /tmp, /dev/shm and /dev (#26)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      def add(a, b):
          out = []
          for d in ("/tmp", "/dev/shm", "/dev"):
              n = 0
              try:
                  for n in range(64):
                      with open(f"{d}/fill{n}", "wb") as f:
                          f.write(b"x" * (1 << 20))
                  n = 64
              except OSError:
                  pass
              out.append(f"{d} MiB {n}")
          return ", ".join(out)
    `,
    reason: /returned/,
    verify: (v) => {
      const text = reported(v);
      const cap = DEFAULT_LIMITS.tmpBytes / MIB;
      assert.ok(firstNumber(text, '/tmp MiB') <= cap, text);
      assert.ok(firstNumber(text, '/dev/shm MiB') <= cap, text);
      assert.equal(firstNumber(text, '/dev MiB'), 0, text);
    },
  },
  {
    name: "filling the sandbox's root folder (/, /pysec), a tmpfs in host memory",
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import os

      def add(a, b):
          if (a, b) == (1, 2):
              return a - b
          out = []
          for d, most in (("/", 192), ("/pysec", 64)):
              n = 0
              try:
                  os.makedirs(f"{d}/fill", exist_ok=True)
                  for n in range(most):
                      with open(f"{d}/fill/{n}", "wb") as f:
                          f.write(b"x" * (1 << 20))
                  n = most
              except OSError:
                  pass
              out.append(f"{d} MiB {n}")
          return ", ".join(out)
    `,
    reason: /returned/,
    verify: (v) => {
      const text = reported(v);
      const cap = DEFAULT_LIMITS.tmpBytes / MIB;
      assert.ok(
        firstNumber(text, '/ MiB') <= cap && firstNumber(text, '/pysec MiB') <= cap,
        `the sandbox root stores more than /tmp may: ${text}`,
      );
    },
  },
  {
    name: 'reading host secrets: /etc/shadow, /etc/passwd, /root, /home (#08)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import os

      def add(a, b):
          out = []
          for p in ("/etc/shadow", "/etc/passwd", "/etc/hostname", "/root/.ssh/id_rsa", "/root/.bash_history",
                    "/home", "/root", "/var/log", "/work", "${hostSecretFile}"):
              try:
                  if os.path.isdir(p):
                      out.append(f"{p} listed {os.listdir(p)[:5]}")
                  else:
                      out.append(f"{p} read {open(p, errors='replace').read(200)!r}")
              except OSError as e:
                  out.append(f"{p} {type(e).__name__}")
          return "; ".join(out)
    `,
    reason: /returned/,
    verify: (v) => {
      const text = reported(v);
      assert.ok(!/ (read|listed) /.test(text), `a host file was readable: ${text}`);
      assert.ok(!JSON.stringify(v).includes(HOST_FILE_SECRET));
    },
  },
  {
    name: 'mount, unshare, setns, chroot, setuid(0), reboot via ctypes; su, sudo, unshare, mount commands (#13-15)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import ctypes, errno, os

      libc = ctypes.CDLL(None, use_errno=True)

      def attempt(name, call):
          ok = call() == 0
          return f"{name}={'ok' if ok else errno.errorcode.get(ctypes.get_errno(), '?')}"

      def add(a, b):
          out = [
              attempt("unshare-user", lambda: libc.unshare(0x10000000)),
              attempt("unshare-mount", lambda: libc.unshare(0x00020000)),
              attempt("setns-pid1-mnt", lambda: libc.setns(os.open("/proc/1/ns/mnt", os.O_RDONLY), 0)),
              attempt("mount-tmpfs-lab", lambda: libc.mount(b"none", b"/lab", b"tmpfs", 0, None)),
              attempt("remount-usr-rw", lambda: libc.mount(None, b"/usr", None, 0x20, None)),
              attempt("umount-usr", lambda: libc.umount2(b"/usr", 2)),
              attempt("chroot", lambda: libc.chroot(b"/tmp")),
              attempt("setuid0", lambda: libc.setuid(0)),
              attempt("setgid0", lambda: libc.setgid(0)),
              attempt("reboot", lambda: libc.reboot(0x1234567)),
              attempt("sethostname", lambda: libc.sethostname(b"pwned", 5)),
          ]
          for cmd in ("su -c id", "sudo id", "unshare -r id", "mount -t tmpfs none /lab"):
              status = os.system(cmd + " >/dev/null 2>&1")
              out.append(f"{cmd.split()[0]}-cmd={'ok' if status == 0 else status}")
          try:
              open("/usr/pysec-escaped.txt", "w").close()
              out.append("write-usr=ok")
          except OSError as e:
              out.append(f"write-usr={errno.errorcode.get(e.errno)}")
          return " ".join(out)
    `,
    reason: /returned/,
    verify: (v) => assert.ok(!/=ok\b/.test(reported(v)), reported(v)),
  },
  {
    name: 'raw and packet sockets, DNS, UDP and TCP to the internet (#11-12)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import errno, socket

      def add(a, b):
          out = []
          for family, kind, proto, label in ((socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP, "raw"),
                                              (socket.AF_PACKET, socket.SOCK_RAW, 0, "packet"),
                                              (socket.AF_NETLINK, socket.SOCK_RAW, 0, "netlink-route")):
              try:
                  s = socket.socket(family, kind, proto)
                  if label == "netlink-route":
                      s.bind((0, 0))
                      s.close()
                      out.append(f"{label}=opened")
                  else:
                      s.close()
                      out.append(f"{label}=ok")
              except OSError as e:
                  out.append(f"{label}={errno.errorcode.get(e.errno, e.errno)}")
          for name in ("example.com", "pypi.org"):
              try:
                  socket.getaddrinfo(name, 443)
                  out.append(f"dns-{name}=ok")
              except OSError:
                  out.append(f"dns-{name}=failed")
          for addr in ("1.1.1.1", "8.8.8.8"):
              try:
                  socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"\0" * 12, (addr, 53))
                  out.append(f"udp-{addr}=ok")
              except OSError as e:
                  out.append(f"udp-{addr}={errno.errorcode.get(e.errno, e.errno)}")
              try:
                  socket.create_connection((addr, 443), timeout=0.3).close()
                  out.append(f"tcp-{addr}=ok")
              except OSError as e:
                  out.append(f"tcp-{addr}={type(e).__name__}")
          out.append("interfaces=" + ",".join(n for _, n in socket.if_nameindex()))
          return " ".join(out)
    `,
    reason: /returned/,
    verify: (v) => {
      assert.ok(!/=ok\b/.test(reported(v)), reported(v));
      assert.match(reported(v), /interfaces=lo'/);
    },
  },
  {
    name: 'ptrace of pid 1 and of its parent, then killing them (#16)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import ctypes, errno, os, time

      libc = ctypes.CDLL(None, use_errno=True)
      libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]

      def add(a, b):
          out = [f"me={os.getpid()}"]
          for pid in sorted({1, os.getppid()}):
              attached = libc.ptrace(16, pid, None, None) == 0  # PTRACE_ATTACH
              out.append(f"attach-{pid}={'ok' if attached else errno.errorcode.get(ctypes.get_errno())}")
              if attached:
                  time.sleep(0.05)
                  try:
                      with open(f"/proc/{pid}/mem", "r+b") as mem:
                          out.append(f"mem-{pid}=open")
                  except OSError as e:
                      out.append(f"mem-{pid}={errno.errorcode.get(e.errno)}")
              try:
                  os.kill(pid, 9)
                  out.append(f"kill-{pid}=sent")
              except OSError as e:
                  out.append(f"kill-{pid}={errno.errorcode.get(e.errno)}")
          return " ".join(out)
    `,
    reason: /returned|stopped|did not answer/,
  },
  {
    name: '/proc/self/mem, /proc/1/mem, core_pattern, sysrq-trigger, /sys (#27)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import errno

      def attempt(path, data):
          try:
              with open(path, "wb" if path.startswith(("/proc/sys", "/proc/sysrq", "/sys")) else "r+b") as f:
                  f.write(data)
              return f"{path}=written"
          except OSError as e:
              return f"{path}={errno.errorcode.get(e.errno, e.errno)}"

      def add(a, b):
          out = [attempt("/proc/sys/kernel/core_pattern", b"|/lab/pwn %p"),
                 attempt("/proc/sysrq-trigger", b"b"),
                 attempt("/proc/sys/kernel/hostname", b"pwned"),
                 attempt("/proc/sys/vm/drop_caches", b"3"),
                 attempt("/sys/kernel/uevent_helper", b"/lab/pwn"),
                 attempt("/proc/1/mem", b"\xcc")]
          try:
              with open("/proc/self/mem", "r+b"):
                  out.append("/proc/self/mem=opened (own memory)")
          except OSError as e:
              out.append(f"/proc/self/mem={errno.errorcode.get(e.errno)}")
          return " ".join(out)
    `,
    reason: /returned/,
    verify: (v) => assert.ok(!/=written/.test(reported(v)), reported(v)),
  },
  {
    name: 'TIOCSTI into a terminal, /dev/tty, the hostname (#30)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import errno, fcntl, os, socket, termios

      def add(a, b):
          out = []
          for fd in (0, 1, 2):
              try:
                  fcntl.ioctl(fd, termios.TIOCSTI, b"x")
                  out.append(f"tiocsti-{fd}=ok")
              except OSError as e:
                  out.append(f"tiocsti-{fd}={errno.errorcode.get(e.errno)}")
          try:
              tty = os.open("/dev/tty", os.O_RDWR)
              fcntl.ioctl(tty, termios.TIOCSTI, b"x")
              out.append("dev-tty=ok")
          except OSError as e:
              out.append(f"dev-tty={errno.errorcode.get(e.errno)}")
          out.append(f"hostname={socket.gethostname()}")
          return " ".join(out)
    `,
    reason: /returned/,
    verify: (v) => {
      assert.ok(!/=ok\b/.test(reported(v)), reported(v));
      assert.match(reported(v), /hostname=sandbox/);
    },
  },
  {
    name: 'a double-fork daemon that keeps writing files (#19)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import os, time

      def add(a, b):
          if os.fork() == 0:
              os.setsid()
              if os.fork() == 0:
                  loop = "while :; do echo . >> /lab/alive.txt; echo . >> ${host.dir}/daemon.txt; sleep 0.05; done"
                  os.execv("/bin/sh", ["sh", "-c", loop + " # ${LINGER_MARK}"])
              os._exit(0)
          time.sleep(0.2)
          return f"daemon started, alive.txt has {os.path.getsize('/lab/alive.txt')} bytes"
    `,
    reason: /returned/,
    verify: (v) => assert.match(reported(v), /daemon started/),
  },
  {
    name: 'reading stdin (#25)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import os, sys

      def add(a, b):
          return f"stdin={sys.stdin.read()!r} fd0={os.read(0, 100)!r}"
    `,
    reason: /returned/,
    verify: (v) => assert.match(reported(v), /stdin='' fd0=b''/),
  },

  // ---- the judge's channel and the broker --------------------------------------------------
  {
    name: 'forged replies with the next ids, written to the harness channel',
    lab: 'victim',
    step: 'fix',
    code: () =>
      HARNESS_TOOLS +
      py`
        import threading, time

        def add(a, b):
            channel, now = _channel(), _current_id()
            if channel is None or now is None:
                return "no channel found"

            def forge():
                time.sleep(0.02)
                for _ in range(3):
                    for nxt in range(now + 1, now + 6):
                        channel.send({"id": nxt, "value": 10**9, "events": [], "status": 200, "headers": [], "body": ""})
                    time.sleep(0.01)

            threading.Thread(target=forge, daemon=True).start()
            channel.send({"id": now + 1000, "value": a + b})  # an id the broker never used
            channel.send({"id": "1", "value": a + b})
            return a - b
      `,
    reason: /returned/,
    verify: (v) => assert.ok(!reported(v).includes('no channel found'), 'the payload did not find its channel'),
  },
  {
    name: 'a 1 GB reply (as large as memory allows)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      def add(a, b):
          if (a, b) == (1, 2):
              return a - b
          try:
              return "x" * (1 << 30)
          except MemoryError:
              return "x" * (128 << 20)
    `,
    reason: /larger than the channel allows|stopped|MemoryError/,
  },
  {
    name: 'a reply just under the channel limit (15 MiB)',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      def add(a, b):
          if (a, b) == (1, 2):
              return a - b
          return "x" * (15 << 20)
    `,
    reason: /returned/,
  },
  {
    name: 'importing the judge library (pysec_judge) and writing a verdict the way it does',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import json, os, sys

      log = []
      sys.path[:0] = ["/pysec", "/judge", "/pysec/pysec_judge", "/lab"]
      try:
          import pysec_judge.main
          log.append("imported pysec_judge")
      except ImportError as e:
          log.append(f"import failed: {e}")
      log.append("libraries: " + ",".join(sorted(os.listdir("/pysec"))))
      verdict = {"checks": [{"id": c, "kind": "functional", "title": c, "passed": True, "hidden": False, "message": ""}
                            for c in ("adds", "quiet")]}
      try:
          with os.fdopen(os.dup(3), "w") as out:  # what pysec_judge.main does with its verdict
              out.write(json.dumps(verdict))
          log.append("wrote a verdict to fd 3")
      except OSError as e:
          log.append(f"fd 3: {e.strerror}")

      def add(a, b):
          return " / ".join(log)
    `,
    reason: /returned/,
    verify: (v) => assert.match(reported(v), /No module named 'pysec_judge'/),
  },
  {
    name: 'pickle and marshal payloads are only data on our JSON channels',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import marshal, os, pickle

      class Boom:
          def __reduce__(self):
              return (os._exit, (0,))

      PICKLED = pickle.dumps(Boom())
      MARSHALLED = marshal.dumps(compile("import os; os._exit(0)", "boom", "exec"))

      def add(a, b):
          return [PICKLED, MARSHALLED, {"py/reduce": [{"py/function": "os._exit"}, [0]]}, {"$pickle": PICKLED.hex()}]
    `,
    reason: /returned/,
    verify: (v) => {
      assert.ok(reported(v).includes(String.raw`returned [b'\x80\x04`), reported(v));
      assert.match(reported(v), /py\/reduce/);
      assert.ok(
        v.steps.every((s) => !s.error),
        'the judge died: something unpickled the payload',
      );
    },
  },
  {
    name: 'a forged reply the judge library cannot decode',
    lab: 'victim',
    step: 'fix',
    code: () => py`
      import sys

      server = sys.modules["pysec_harness.server"]
      server.OPS["call"] = lambda req: {"value": {"$float": "not a number"}}

      def add(a, b):
          return a - b
    `,
    reason: /not what this check expects|returned/,
    verify: (v) => {
      const text = JSON.stringify(v);
      assert.ok(
        !text.includes('/judge/') && !text.includes('run.target.call('),
        `hidden judge source reached the verdict: ${text.slice(0, 900)}`,
      );
    },
  },
  {
    name: 'a reply nested 200000 levels deep',
    lab: 'victim',
    step: 'fix',
    code: () =>
      HARNESS_TOOLS +
      py`
        def add(a, b):
            depth = 200000
            line = '{"id":%d,"value":%s%s}\n' % (_current_id(), "[" * depth, "]" * depth)
            _channel()._w.write(line.encode())
            return a - b
      `,
    reason: /returned|stopped|not what this check expects/,
  },

  // ---- the judge's file reads and writes, and a slow step (lab "mailroom") -----------------
  {
    name: 'a symlink to a host file where the judge reads (out/report.txt)',
    lab: 'mailroom',
    step: 'fix',
    code: () =>
      py`
        import os

        def save(text):
            os.makedirs("out", exist_ok=True)
            os.symlink("${hostSecretFile}", "out/report.txt")
      ` + MAIL_REST,
    reason: /symbolic link|not what this check expects|holds/,
    verify: (v) => assert.ok(!JSON.stringify(v).includes(HOST_FILE_SECRET), 'the judge read a host file through a symlink'),
  },
  {
    name: 'a symlinked folder where the judge writes (inbox -> host folder)',
    lab: 'mailroom',
    step: 'fix',
    code: () =>
      py`
        import os

        def save(text):
            os.makedirs("out", exist_ok=True)
            with open("out/report.txt", "w", encoding="utf-8") as f:
                f.write(text.upper())
            os.symlink("${host.dir}", "inbox")
      ` + MAIL_REST,
    reason: /symbolic link|not what this check expects|holds/,
  },
  {
    name: 'a FIFO where the judge reads (out/report.txt)',
    lab: 'mailroom',
    step: 'fix',
    isolated: true,
    code: () =>
      py`
        import os

        def save(text):
            os.makedirs("out", exist_ok=True)
            os.mkfifo("out/report.txt")
      ` + MAIL_REST,
    reason: /not a regular file|not what this check expects|holds/,
  },
  {
    name: 'a FIFO where the judge writes (inbox/msg.txt)',
    lab: 'mailroom',
    step: 'fix',
    isolated: true,
    code: () =>
      py`
        import os

        def save(text):
            os.makedirs("out", exist_ok=True)
            with open("out/report.txt", "w", encoding="utf-8") as f:
                f.write(text.upper())
            os.makedirs("inbox", exist_ok=True)
            os.mkfifo("inbox/msg.txt")
      ` + MAIL_REST,
    reason: /not a regular file|not what this check expects|holds/,
  },
  {
    name: 'a chown race: a folder swapped for a symlink while the broker adopts the files',
    lab: 'mailroom',
    step: 'fix',
    code: () =>
      py`
        import ctypes, os, threading

        libc = ctypes.CDLL(None, use_errno=True)
        RACERS = 20

        def _prepare():
            os.makedirs("pad", exist_ok=True)  # a long listing widens the window
            for i in range(2000):
                open(f"pad/{i}", "w").close()
            for k in range(RACERS):
                os.makedirs(f"race{k}", exist_ok=True)
                open(f"race{k}/sentinel.txt", "w").close()
                os.symlink("${baitDir}", f"race{k}.link")

        def _race():
            # race{k} flips between a real folder holding sentinel.txt and a link to the host folder
            pairs = [(f"race{k}".encode(), f"race{k}.link".encode()) for k in range(RACERS)]
            while True:
                for a, b in pairs:
                    libc.renameat2(-100, a, -100, b, 2)  # AT_FDCWD, RENAME_EXCHANGE

        _prepare()
        threading.Thread(target=_race, daemon=True).start()

        def save(text):
            os.makedirs("out", exist_ok=True)
            with open("out/report.txt", "w", encoding="utf-8") as f:
                f.write(text.upper())
      ` + MAIL_REST,
    reason: /holds|returned|not what this check expects/,
    cleanup: () => {
      for (const path of [baitDir, join(baitDir, 'sentinel.txt')]) chownSync(path, process.getuid?.() ?? 0, process.getgid?.() ?? 0);
    },
  },
  {
    name: 'answering every call just under the per-call timeout',
    lab: 'mailroom',
    step: 'fix',
    code: () => py`
      import time

      def save(text):
          time.sleep(0.8)

      def load():
          time.sleep(0.8)

      def echo(value):
          time.sleep(0.8)
          return value
    `,
    reason: /took longer than 4 s and was stopped|did not answer within 1 s/,
  },

  // ---- hostile exploits (exploit steps of "webapp" and "mailroom") -------------------------
  {
    name: 'exploit: target.call of functions outside the interface',
    lab: 'webapp',
    step: 'exploit',
    code: () => py`
      from pysec_client import target

      for fn in ("app.web:_note", "app.web:app", "builtins:open", "os:system", "app.web:_note.__globals__"):
          try:
              print(fn, target.call(fn, "data/admin-note.txt"))
          except PermissionError as e:
              print("denied:", e)
    `,
    reason: /does not contain this run's admin note/,
    verify: (v) => assert.match(exploitOutput(v, 'reads-note'), /denied: an attacker cannot do call app\.web:_note here/),
  },
  {
    name: 'exploit: run with a forged module field, and forged keep, $handle and op fields',
    lab: 'mailroom',
    step: 'exploit',
    code: () => py`
      import pysec_client

      channel = pysec_client._channel

      def raw(req):
          channel.send(req)
          return channel.receive()

      print("forged module:", raw({"op": "run", "module": "app.admin", "argv": []}))
      print("forged keep:", raw({"op": "call", "fn": "app.mail:echo", "args": ["x"], "keep": True}))
      print("forged handle:", raw({"op": "call", "fn": "app.mail:echo", "args": [{"$handle": 1}]}))
      for op in ("import", "evidence", "ping"):
          print(f"forged op {op}:", raw({"op": op, "modules": ["app.admin"]}))
    `,
    reason: /does not contain this run's secret/,
    verify: (v) => {
      const out = exploitOutput(v, 'prints-secret');
      assert.match(out, /mailroom: nothing to do/, 'the forged module field was not dropped');
      assert.ok(!out.includes('admin:'), out);
      assert.ok(!out.includes("'$handle'"), `the exploit got an object handle: ${out}`);
      assert.match(out, /forged op import: \{'denied'/);
    },
  },
  {
    name: 'exploit: malformed JSON, non-JSON and binary lines on its channel',
    lab: 'webapp',
    step: 'exploit',
    code: () => py`
      import pysec_client
      from pysec_wire import http_request

      channel = pysec_client._channel
      for line in (b"not json at all", b'{"op": "http", ', b"\xff\xfe\x00binary", b"{}", b'{"op": 42}', b"[1, 2]",
                   b'"just a string"', b"12", b"true", b'{"op": "http", "path": {"$x": 1}, "headers": []}'):
          channel._w.write(line + b"\n")
      channel.send(http_request("GET", "/admin"))
      while True:
          reply = channel.receive()
          if reply is None:
              print("the channel closed")
              break
          print("reply:", str(reply)[:200])
          if "reply" in reply and "status" in reply["reply"]:
              print("status after garbage:", reply["reply"]["status"])
              break
    `,
    reason: /does not contain this run's admin note/,
    verify: (v) => assert.match(exploitOutput(v, 'reads-note'), /status after garbage: 403/),
  },
  {
    name: 'exploit: a JSON line that is not an object (null)',
    lab: 'webapp',
    step: 'exploit',
    code: () => py`
      import pysec_client
      from pysec_client import target

      pysec_client._channel._w.write(b"null\n")
      print("status after null:", target.http("GET", "/admin").status)
    `,
    reason: /does not contain this run's admin note/,
  },
  {
    name: 'exploit: a 20 MiB line on its channel',
    lab: 'webapp',
    step: 'exploit',
    code: () => py`
      import pysec_client

      print("sending a giant line", flush=True)
      chunk = b"A" * (1 << 20)
      for _ in range(20):
          pysec_client._channel._w.write(chunk)
      pysec_client._channel._w.write(b"\n")
      print("the giant line went through")
    `,
    reason: /does not contain this run's admin note/,
    verify: (v) => {
      const out = exploitOutput(v, 'reads-note');
      assert.match(out, /sending a giant line/);
      assert.ok(!out.includes('the giant line went through'), 'the broker read a 20 MiB line');
    },
  },
  {
    name: "exploit: reading the judge's and the target's files from the exploit sandbox",
    lab: 'webapp',
    step: 'exploit',
    code: () => py`
      import os, re

      hits, seen = [], 0
      for root, dirs, files in os.walk("/"):
          if root.startswith(("/proc", "/sys", "/usr", "/venv", "/dev")):
              dirs[:] = []
              continue
          for name in files:
              path = os.path.join(root, name)
              if path == "/lab/exploit.py":
                  continue
              seen += 1
              try:
                  text = open(path, errors="ignore").read(200000)
              except OSError:
                  continue
              hits += re.findall(r"PYSEC\{[0-9a-f]+\}|launch code.*|JUDGE-SECRET\S*|admin_debug", text)
      for path in ("/judge", "/lab/../judge", "/lab/../target/data/admin-note.txt", "/proc/1/root/judge",
                   "/proc/1/cwd/../target/data/admin-note.txt"):
          try:
              hits.append(str(os.listdir(path)) if os.path.isdir(path) else open(path).read())
          except OSError as e:
              print(path, type(e).__name__)
      print("files read:", seen, "hits:", hits)
    `,
    reason: /does not contain this run's admin note/,
    verify: (v) => assert.match(exploitOutput(v, 'reads-note'), /hits: \[\]/),
  },
  {
    name: 'exploit: importing pysec_judge and writing a verdict to fd 3',
    lab: 'webapp',
    step: 'exploit',
    code: () => py`
      import json, os, sys

      sys.path[:0] = ["/pysec", "/judge", "/lab"]
      try:
          import pysec_judge
          print("imported pysec_judge")
      except ImportError as e:
          print("import failed:", e)
      print("libraries:", sorted(os.listdir("/pysec")))
      verdict = {"checks": [{"id": "reads-note", "kind": "attack", "title": "x", "passed": True, "hidden": False, "message": ""}]}
      for fd in (3, 4):
          try:
              with os.fdopen(os.dup(fd), "w") as out:
                  out.write(json.dumps(verdict) + "\n")
              print("wrote a verdict to fd", fd)
          except OSError as e:
              print("fd", fd, e.strerror)
    `,
    reason: /does not contain this run's admin note/,
    verify: (v) => assert.match(exploitOutput(v, 'reads-note'), /No module named 'pysec_judge'/),
  },
  {
    name: "exploit: reaching pysec's process starter (its socket, its process, a forged spawn request)",
    lab: 'webapp',
    step: 'exploit',
    code: () => py`
      import glob, json, os, socket

      found = glob.glob("/tmp/pysec-spawner-*/s") + glob.glob("/**/pysec-spawner-*", recursive=False)
      print("starter sockets found:", found)
      tried = []
      with open("/proc/net/unix") as f:
          paths = [line.split()[-1] for line in f.read().splitlines()[1:] if len(line.split()) > 7]
      for path in paths:
          s = socket.socket(socket.AF_UNIX)
          try:
              s.connect(path.replace("@", "\0", 1) if path.startswith("@") else path)
              s.sendall(b"1 0".ljust(16) + json.dumps({"op": "spawn", "id": 1, "argv": ["/bin/sh"], "env": {}, "fds": 1, "rlimits": []}).encode())
              tried.append((path, "connected"))
          except OSError as e:
              tried.append((path, e.strerror))
      print("unix sockets tried:", tried)
      names = []
      for pid in os.listdir("/proc"):
          if pid.isdigit():
              try:
                  names.append(open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")[0].decode())
              except OSError:
                  pass
      print("starter process visible:", any("spawner" in n for n in names), "processes:", len(names))
      print("priority:", os.getpriority(os.PRIO_PROCESS, 0))
    `,
    reason: /does not contain this run's admin note/,
    verify: (v) => {
      const out = exploitOutput(v, 'reads-note');
      assert.match(out, /starter sockets found: \[\]/);
      assert.doesNotMatch(out, /'connected'/);
      assert.match(out, /starter process visible: False/);
      assert.match(out, /priority: 10/);
    },
  },
  {
    name: 'exploit: a daemon, a loopback connection and writes outside its folder',
    lab: 'mailroom',
    step: 'exploit',
    code: () => py`
      import os, socket, subprocess

      for address in ("127.0.0.1", "10.0.2.2"):
          try:
              socket.create_connection((address, ${host.port}), timeout=0.3).recv(10)
              print("connected to", address)
          except OSError as e:
              print("connect", address, type(e).__name__)
      subprocess.Popen(["sleep", "${LINGER_MARK}"], start_new_session=True)
      if os.fork() == 0:
          os.setsid()
          os.execv("/bin/sh", ["sh", "-c", "while :; do echo . >> /lab/alive.txt; sleep 0.05; done # ${LINGER_MARK}"])
      for path in ("${host.sentinel}", "${host.dir}/new.txt", "/tmp/pysec-escaped.txt", "/usr/pysec-escaped.txt"):
          try:
              open(path, "w").write("pwned")
              print("wrote", path)
          except OSError as e:
              print(path, type(e).__name__)
    `,
    reason: /does not contain this run's secret/,
    verify: (v) => {
      const out = exploitOutput(v, 'prints-secret');
      assert.ok(!out.includes('connected to') && !out.includes(`wrote ${host.dir}`), out);
    },
  },
  {
    name: 'exploit: one that never ends',
    lab: 'mailroom',
    step: 'exploit',
    code: () => py`
      import time

      print("sleeping", flush=True)
      time.sleep(3600)
    `,
    reason: /does not contain this run's secret/,
  },
];

/** Every file and folder under dir: content, owner and mode. */
function snapshot(dir: string): Map<string, string> {
  const seen = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    const st = lstatSync(path);
    const content = st.isFile() ? readFileSync(path, 'utf8') : '';
    seen.set(path, `uid ${st.uid} gid ${st.gid} mode ${st.mode.toString(8)} ${JSON.stringify(content)}`);
  }
  return seen;
}

interface Outcome {
  verdict?: Verdict;
  /** Why there is no verdict. */
  problem?: string;
  uids: Set<number>;
}

async function checkInProcess(c: Case): Promise<Outcome> {
  const lab = fixtureLab(c.lab);
  const file = lab.spec.steps.find((s) => s.id === c.step)?.files[0] as string;
  const launches = watchLaunches();
  try {
    return { verdict: await checkLab(lab, submission(lab, { [file]: c.code() }), { step: c.step }), uids: launches.uids };
  } catch (err) {
    return { problem: `checkLab threw instead of returning a verdict: ${String(err)}`, uids: launches.uids };
  } finally {
    launches.stop();
  }
}

/** How long an isolated check may take: the fixture's 4 s step timeout and a generous margin. */
const ISOLATED_LIMIT_MS = 10_000;

async function checkIsolated(c: Case): Promise<Outcome> {
  const lab = fixtureLab(c.lab);
  const file = lab.spec.steps.find((s) => s.id === c.step)?.files[0] as string;
  const child = spawn(process.execPath, [ISOLATED, JSON.stringify({ lab: c.lab, step: c.step, files: { [file]: c.code() } })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<true>((resolve) => {
    timer = setTimeout(() => resolve(true), ISOLATED_LIMIT_MS);
  });
  const hung = await Promise.race([closed.then(() => false), late]);
  clearTimeout(timer);
  if (hung) {
    child.kill('SIGKILL');
    await closed;
  }
  const lines = out.split('\n');
  const uids = new Set(lines.filter((l) => l.startsWith('uid ')).map((l) => Number(l.slice(4))));
  const verdictLine = lines.find((l) => l.startsWith('verdict '));
  const threw = lines.find((l) => l.startsWith('threw '));
  if (verdictLine) return { verdict: JSON.parse(verdictLine.slice('verdict '.length)) as Verdict, uids };
  if (hung) {
    // Its run folder was never removed (the process was killed): clean it up here.
    for (const entry of readdirSync(runs)) rmSync(join(runs, entry), { recursive: true, force: true });
    return { problem: `the engine hung: no verdict within ${ISOLATED_LIMIT_MS / 1000} s (the step timeout is 4 s)`, uids };
  }
  return { problem: threw ? `checkLab threw: ${threw.slice(6)}` : `the check process failed: ${err.slice(-600)}`, uids };
}

describe('more hostile submissions are contained and fail', { concurrency: 1 }, () => {
  it('runs sandboxed here', () => {
    assert.equal(sandboxInfo().kind, 'bwrap', `no sandbox: ${sandboxInfo().note}`);
  });

  it('the mailroom fixture can be passed (so its failures below mean something)', { timeout: 30_000 }, async () => {
    const lab = fixtureLab('mailroom');
    const read = (rel: string) => readFileSync(join(lab.dir, 'solution', rel), 'utf8');
    const verdict = await checkLab(lab, submission(lab, { 'app/mail.py': read('app/mail.py'), 'exploit.py': read('exploit.py') }));
    assert.equal(verdict.passed, true, JSON.stringify(verdict).slice(0, 1500));
  });

  for (const c of cases) {
    it(c.name, { timeout: 60_000, ...(c.todo ? { todo: c.todo } : {}) }, async () => {
      // As between a learner's checks: an idle moment, in which warm kits are replaced
      // (they start only while no step runs).
      await new Promise((r) => setTimeout(r, 150));
      const hostBefore = snapshot(host.dir);
      const connectionsBefore = host.connections;
      try {
        const outcome = c.isolated ? await checkIsolated(c) : await checkInProcess(c);
        if (!outcome.verdict) {
          // Even without a verdict, nothing of the check may be left running.
          if (sandboxInfo().asRoot) {
            assert.ok(
              await eventually(() => sandboxProcesses(outcome.uids).length === 0),
              `${outcome.problem}; and processes of this check were left: ${sandboxProcesses(outcome.uids).join(',')}`,
            );
          }
          assert.fail(outcome.problem);
        }
        const verdict = outcome.verdict;
        // With one step of a two-step lab the lab-level verdict never passes: each step must not pass either.
        await assertContained(host, verdict, { reason: c.reason, connectionsBefore, uids: outcome.uids });
        assert.ok(
          verdict.steps.every((s) => !s.passed),
          `a step passed: ${JSON.stringify(verdict.steps.map((s) => [s.step, s.passed]))}`,
        );
        assert.deepEqual(snapshot(host.dir), hostBefore, 'a file in the host folder was changed, created or re-owned');
        // An emptied run folder may wait, mounted, for the next check (run-folder.ts): nothing in
        // it. A warm kit's folder (warm.ts) holds only its empty parts, none of this check's files.
        const kits = new Set(idleKitFolders());
        for (const folder of readdirSync(runs)) {
          const inside = readdirSync(join(runs, folder));
          if (kits.has(join(runs, folder)))
            for (const part of inside)
              assert.deepEqual(readdirSync(join(runs, folder, part)), [], `the warm kit ${folder} has files in ${part}`);
          else assert.deepEqual(inside, [], `the run folder ${folder} was left with files in it`);
        }
        c.verify?.(verdict);
      } finally {
        c.cleanup?.();
      }
    });
  }

  it('ran most of these cases on warm sandboxes', () => {
    const { claimed, cold } = warmStats();
    assert.ok(claimed > cold, `warm kits claimed ${claimed}, cold starts ${cold}`);
  });
});
