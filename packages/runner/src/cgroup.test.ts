// Control groups per sandboxed process tree: parsing what the host offers (v1, v2, containers),
// and, where a writable hierarchy exists, that a memory bomb spread over several processes and a
// process bomb are stopped by the group, and that the group is gone afterwards.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cgroupStatus, ownCgroupDirs, parseSelfCgroup } from './cgroup.ts';
import { describeExit, PROCESSES_WITHOUT_CGROUP } from './limits.ts';
import { REPO_ROOT } from './paths.ts';
import { sandboxInfo } from './sandbox.ts';
import { lastJson, runPython } from './sandbox-testing.ts';

const HYBRID_MOUNTINFO = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw`;
const HYBRID_SELF = `9:name=systemd:/
8:pids:/
4:memory:/process_api/0bd0
0::/`;

describe('cgroup discovery', () => {
  it('finds the v1 memory and pids groups we run in on a hybrid host', () => {
    assert.deepEqual(ownCgroupDirs(HYBRID_MOUNTINFO, HYBRID_SELF), {
      v2: '/sys/fs/cgroup/unified',
      memory: '/sys/fs/cgroup/memory/process_api/0bd0',
      pids: '/sys/fs/cgroup/pids',
    });
  });

  it('finds our v2 group on a unified host (systemd service)', () => {
    const mountinfo =
      '30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot';
    assert.deepEqual(ownCgroupDirs(mountinfo, '0::/system.slice/pysec.service\n'), { v2: '/sys/fs/cgroup/system.slice/pysec.service' });
  });

  it('maps paths through a bind-mounted subtree and ignores groups outside it', () => {
    const mountinfo = '600 590 0:26 /docker/abc /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 rw';
    assert.deepEqual(ownCgroupDirs(mountinfo, '0::/docker/abc/worker'), { v2: '/sys/fs/cgroup/worker' });
    assert.deepEqual(ownCgroupDirs(mountinfo, '0::/elsewhere'), {});
    assert.deepEqual(ownCgroupDirs(mountinfo, '0::/../../x'), {});
  });

  it('reads controller lists with several controllers per hierarchy', () => {
    const self = parseSelfCgroup('5:cpu,cpuacct:/a\n4:memory:/b\n0::/c\n');
    assert.equal(self.v2, '/c');
    assert.equal(self.v1.get('cpuacct'), '/a');
    assert.equal(self.v1.get('memory'), '/b');
  });

  it('reports what it found, and why not', () => {
    const st = cgroupStatus();
    assert.ok(['v1', 'v2', 'none'].includes(st.kind));
    assert.ok(st.note.length > 0);
    assert.equal(sandboxInfo().cgroup, st);
  });
});

const st = cgroupStatus();
const sandboxed = sandboxInfo().kind === 'bwrap';
const noMemory = !sandboxed ? `no sandbox here: ${sandboxInfo().note}` : !st.memory ? `no writable memory cgroup here: ${st.note}` : false;
const noPids = !sandboxed ? `no sandbox here: ${sandboxInfo().note}` : !st.pids ? `no writable pids cgroup here: ${st.note}` : false;

describe('cgroups per process tree', () => {
  it('puts the whole tree in its group and empties it afterwards (removed, or kept empty for the next tree)', {
    skip: st.kind === 'none' ? st.note : false,
  }, async () => {
    let members: number[] = [];
    let dirs: string[] = [];
    const run = await runPython(
      'import subprocess, time\np = subprocess.Popen(["sleep", "5"])\ntime.sleep(0.6)\np.kill()\nprint(1)',
      {},
      async (proc) => {
        dirs = proc.group?.dirs ?? [];
        await new Promise((r) => setTimeout(r, 400));
        members = proc.group?.members() ?? [];
      },
    );
    assert.equal(run.exit.code, 0, run.stderr);
    // outer bwrap, bwrap's pid 1, python, sleep
    assert.ok(members.length >= 4, `only ${members.length} processes in the group: ${members}`);
    assert.ok(dirs.length > 0);
    for (const dir of dirs)
      assert.ok(
        !existsSync(dir) || readFileSync(join(dir, 'cgroup.procs'), 'utf8').trim() === '',
        `${dir} was neither removed nor emptied`,
      );
    // A pooled group serves the next tree with the same limits, with nothing of the last one in it.
    let reused: string[] = [];
    let before: number[] = [];
    const again = await runPython('print(2)', {}, async (proc) => {
      reused = proc.group?.dirs ?? [];
      before = proc.group?.members() ?? [];
    });
    assert.equal(again.exit.code, 0, again.stderr);
    if (reused.join() === dirs.join())
      assert.ok(!before.some((pid) => members.includes(pid)), 'a process of the last tree was still in the group');
  });

  it('stops a memory bomb spread over 8 processes of 300 MB each (each under its own address-space limit)', {
    skip: noMemory,
  }, async () => {
    let peak = 0;
    const run = await runPython(
      `
import json, subprocess, sys
child = "import time; hog = b'x' * (300 << 20); print('held', flush=True); time.sleep(3)"
procs = [subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.DEVNULL) for _ in range(8)]
print(json.dumps([p.wait() for p in procs]))
`,
      {},
      async (proc) => {
        const dir = proc.group?.dirs.find((d) => existsSync(join(d, 'memory.max_usage_in_bytes')) || existsSync(join(d, 'memory.peak')));
        const end = Date.now() + 5000;
        while (dir && proc.running && Date.now() < end) {
          for (const f of ['memory.max_usage_in_bytes', 'memory.peak']) {
            try {
              peak = Math.max(peak, Number(readFileSync(join(dir, f), 'utf8')));
            } catch {
              // not this version's file, or gone
            }
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      },
    );
    const limits = run.proc.limits;
    assert.ok((run.exit.oomKills ?? 0) >= 1, `no OOM kill in the group: ${JSON.stringify(run.exit)} ${run.stdout} ${run.stderr}`);
    assert.ok(peak <= limits.treeMemoryBytes, `the tree used ${peak} bytes, more than ${limits.treeMemoryBytes}`);
    if (run.exit.code === 0) {
      const codes = lastJson<number[]>(run);
      assert.ok(codes.filter((c) => c === -9).length >= 1, `no child was killed: ${codes}`);
      assert.ok(codes.filter((c) => c === 0).length <= 3, `more than 3 × 300 MB fitted in 1 GiB: ${codes}`);
    } else {
      // the OOM killer chose the parent: the check sees a killed process, in plain words
      assert.match(describeExit(run.exit, limits), /memory/);
    }
  });

  it('caps the number of processes and threads of the tree', { skip: noPids }, async () => {
    // RLIMIT_NPROC raised far above the group's cap, so only the group can stop the bomb.
    const run = await runPython(
      `
import json, os, threading, time
forks = 0
try:
    for _ in range(500):
        if os.fork() == 0:
            time.sleep(3)
            os._exit(0)
        forks += 1
except OSError:
    pass
threads = 0
try:
    for _ in range(500):
        threading.Thread(target=time.sleep, args=(3,), daemon=True).start()
        threads += 1
except RuntimeError:
    pass
print(json.dumps({"threads": threads, "forks": forks}), flush=True)
os._exit(0)
`,
      { processes: 1000, treeProcesses: 20 },
    );
    assert.equal(run.exit.code, 0, run.stderr);
    const { threads, forks } = lastJson<{ threads: number; forks: number }>(run);
    // bwrap's two processes and Python itself count too: at most 17 left
    assert.ok(forks <= 17 && forks >= 12, `forked ${forks} processes under a cap of 20`);
    assert.equal(threads, 0, `started ${threads} threads with the cap used up`);
  });
});

describe('without cgroups', () => {
  it(`falls back to rlimits with at most ${PROCESSES_WITHOUT_CGROUP} processes, and says so`, {
    skip: sandboxed ? false : sandboxInfo().note,
  }, () => {
    const script = `
import { sandboxInfo } from '@pysec/runner';
import { lastJson, runPython } from './packages/runner/src/sandbox-testing.ts';
const run = await runPython('import json, os, time\\nn = 0\\ntry:\\n    for _ in range(200):\\n        if os.fork() == 0:\\n            time.sleep(2)\\n            os._exit(0)\\n        n += 1\\nexcept OSError:\\n    pass\\nprint(json.dumps(n), flush=True)\\nos._exit(0)');
console.log(JSON.stringify({ cgroup: sandboxInfo().cgroup, forks: lastJson(run) }));
`;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, PYSEC_CGROUP: 'none' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(out.status, 0, out.stderr);
    const { cgroup, forks } = JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '{}') as {
      cgroup: { kind: string; note: string };
      forks: number;
    };
    assert.equal(cgroup.kind, 'none');
    assert.match(cgroup.note, /PYSEC_CGROUP=none/);
    // as root the uid is fresh: bwrap's two processes and Python itself count
    if (sandboxInfo().asRoot)
      assert.ok(forks <= PROCESSES_WITHOUT_CGROUP - 3 && forks >= PROCESSES_WITHOUT_CGROUP - 8, `forked ${forks} processes`);
  });
});
