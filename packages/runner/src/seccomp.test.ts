// The seccomp filter, measured in real sandboxes: what Python and the lab libraries need still
// works, the refused system calls fail with EPERM, and the filter's fd does not reach the learner.
import assert from 'node:assert/strict';
import { arch } from 'node:os';
import { describe, it } from 'node:test';
import { sandboxInfo } from './sandbox.ts';
import { lastJson, runPython } from './sandbox-testing.ts';
import { SECCOMP_FD } from './seccomp.ts';

const info = sandboxInfo();
const skip =
  info.kind !== 'bwrap' ? `no sandbox here: ${info.note}` : !info.seccomp.enabled ? `no seccomp filter here: ${info.seccomp.note}` : false;

// System call numbers of the refused calls without a glibc wrapper (or to call them raw).
const NUMBERS: Record<string, Record<string, number>> = {
  x64: {
    ptrace: 101,
    process_vm_readv: 310,
    process_vm_writev: 311,
    keyctl: 250,
    add_key: 248,
    bpf: 321,
    perf_event_open: 298,
    io_uring_setup: 425,
    userfaultfd: 323,
    unshare: 272,
    setns: 308,
    mount: 165,
    init_module: 175,
    kexec_load: 246,
    personality: 135,
  },
  arm64: {
    ptrace: 117,
    process_vm_readv: 270,
    process_vm_writev: 271,
    keyctl: 219,
    add_key: 217,
    bpf: 280,
    perf_event_open: 241,
    io_uring_setup: 425,
    userfaultfd: 282,
    unshare: 97,
    setns: 268,
    mount: 40,
    init_module: 105,
    kexec_load: 104,
    personality: 92,
  },
};

describe('seccomp filter', { skip }, () => {
  it('leaves Python, sqlite3, subprocess, fork/exec, threads, numpy and cryptography working', async () => {
    const run = await runPython(`
import json, os, sqlite3, subprocess, sys, threading
found = {}
db = sqlite3.connect(":memory:")
db.execute("create table t (x)")
db.executemany("insert into t values (?)", [(i,) for i in range(100)])
found["sqlite"] = db.execute("select sum(x) from t").fetchone()[0]
found["subprocess"] = subprocess.run([sys.executable, "-c", "print(6 * 7)"], capture_output=True, text=True).stdout.strip()
found["true"] = subprocess.run(["/usr/bin/true"]).returncode
pid = os.fork()
if pid == 0:
    os.execv("/usr/bin/true", ["true"])
found["fork_exec"] = os.waitpid(pid, 0)[1]
results = []
threads = [threading.Thread(target=lambda i=i: results.append(i * i)) for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
found["threads"] = sum(results)
import numpy
found["numpy"] = int(numpy.arange(10).sum())
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
key = AESGCM.generate_key(bit_length=128)
found["cryptography"] = AESGCM(key).decrypt(b"n" * 12, AESGCM(key).encrypt(b"n" * 12, b"ok", None), None).decode()
found["seccomp_mode"] = [l.split()[1] for l in open("/proc/self/status") if l.startswith("Seccomp:")][0]
print(json.dumps(found))
`);
    assert.equal(run.exit.code, 0, run.stderr);
    assert.deepEqual(lastJson(run), {
      sqlite: 4950,
      subprocess: '42',
      true: 0,
      fork_exec: 0,
      threads: 140,
      numpy: 45,
      cryptography: 'ok',
      seccomp_mode: '2',
    });
  });

  it('refuses ptrace, process_vm_writev, keyctl, bpf, perf_event_open, io_uring_setup and the rest with EPERM', {
    skip: NUMBERS[arch()] ? false : `no system call table for ${arch()} in this test`,
  }, async () => {
    const numbers = NUMBERS[arch()] ?? {};
    const run = await runPython(`
import ctypes, json, os
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
def raw(nr, *args):
    ctypes.set_errno(0)
    r = libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) for a in args])
    return [r, ctypes.get_errno()]
found = {}
# PTRACE_TRACEME through glibc's wrapper: 0 (allowed) without the filter
ctypes.set_errno(0)
found["ptrace(TRACEME) wrapper"] = [libc.ptrace(0, 0, 0, 0), ctypes.get_errno()]
buf = ctypes.create_string_buffer(8)
iov = (ctypes.c_void_p * 2)(ctypes.addressof(buf), 8)
found["process_vm_writev(self) wrapper"] = [libc.process_vm_writev(os.getpid(), iov, 1, iov, 1, 0), ctypes.get_errno()]
for name, nr in json.loads(${JSON.stringify(JSON.stringify(numbers))}).items():
    found[name] = raw(nr, 0, 0, 0, 0, 0)
print(json.dumps(found))
`);
    assert.equal(run.exit.code, 0, run.stderr);
    const found = lastJson<Record<string, [number, number]>>(run);
    const EPERM = 1;
    for (const [name, [ret, errno]] of Object.entries(found)) {
      assert.deepEqual([ret, errno], [-1, EPERM], `${name} returned ${ret} with errno ${errno}, expected EPERM`);
    }
    assert.equal(Object.keys(found).length, Object.keys(numbers).length + 2);
  });

  it('kills a process that uses another ABI (x32 system call numbers)', { skip: arch() === 'x64' ? false : 'x86-64 only' }, async () => {
    const run = await runPython(`
import json, subprocess, sys
r = subprocess.run([sys.executable, "-c", "import ctypes; ctypes.CDLL(None).syscall(0x40000000 | 521, 0, 0, 0, 0)"])
print(json.dumps(r.returncode))
`);
    assert.equal(run.exit.code, 0, run.stderr);
    assert.equal(lastJson<number>(run), -31, 'expected the child to be killed by SIGSYS');
  });

  it('does not hand the filter fd to the learner, in the process or its children', async () => {
    const run = await runPython(`
import json, os, subprocess, sys
mine = sorted(int(fd) for fd in os.listdir("/proc/self/fd"))
child = subprocess.run([sys.executable, "-c", "import os; print(sorted(int(f) for f in os.listdir('/proc/self/fd')))"], capture_output=True, text=True, close_fds=False).stdout.strip()
print(json.dumps({"mine": mine, "child": child}))
`);
    assert.equal(run.exit.code, 0, run.stderr);
    const { mine, child } = lastJson<{ mine: number[]; child: string }>(run);
    assert.ok(!mine.includes(SECCOMP_FD), `fd ${SECCOMP_FD} is open inside: ${mine}`);
    assert.ok(!(JSON.parse(child) as number[]).includes(SECCOMP_FD), `fd ${SECCOMP_FD} is open in a child: ${child}`);
  });
});

describe('sandbox report', () => {
  it('says whether seccomp is on, and why not', () => {
    assert.equal(typeof info.seccomp.enabled, 'boolean');
    assert.match(info.seccomp.note, /seccomp/);
    if (info.kind === 'bwrap') assert.match(info.note, info.seccomp.enabled ? /, seccomp,/ : /no seccomp/);
  });
});
