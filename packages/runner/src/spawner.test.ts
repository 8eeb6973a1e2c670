// The process starter (python/pysec_spawner): what a child gets before it executes anything —
// its descriptors and nothing else, its environment, limits, priority, uid and cgroups.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cgroupStatus, TreeGroup } from './cgroup.ts';
import { pythonEnv } from './python-env.ts';
import { type SpawnedChild, type SpawnRequest, spawnViaHelper } from './spawner.ts';

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  fd3: string;
  error?: string;
}

function run(req: Partial<SpawnRequest> & { argv: string[] }, input = ''): Promise<Ran> {
  const child: SpawnedChild = spawnViaHelper({ env: {}, fds: 3, rlimits: [], ...req });
  const got = { out: '', err: '', fd3: '' };
  child.stdout.on('data', (d: Buffer) => {
    got.out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    got.err += d.toString();
  });
  child.stdio[3]?.on('data', (d: Buffer) => {
    got.fd3 += d.toString();
  });
  let error: string | undefined;
  child.on('error', (e: Error) => {
    error = e.message;
  });
  child.stdin.end(input);
  return new Promise((resolve) => {
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) =>
      resolve({ code, signal, ...got, ...(error ? { error } : {}) }),
    );
  });
}

const PY = pythonEnv().python;
const asRoot = process.getuid?.() === 0;

describe('process starter', () => {
  it('gives the child its descriptors, its environment and folder, and nothing else', async () => {
    const r = await run(
      {
        argv: [
          PY,
          '-I',
          '-S',
          '-c',
          'import os, sys, json; data = sys.stdin.read(); os.write(3, b"three"); print(json.dumps({"in": data, "fds": sorted(int(f) for f in os.listdir("/proc/self/fd")), "env": dict(os.environ), "cwd": os.getcwd()})); print("to stderr", file=sys.stderr)',
        ],
        env: { ONLY: 'this' },
        cwd: '/tmp',
        fds: 4,
      },
      'hello',
    );
    assert.equal(r.code, 0, r.err);
    const seen = JSON.parse(r.out) as { in: string; fds: number[]; env: Record<string, string>; cwd: string };
    assert.equal(seen.in, 'hello');
    assert.deepEqual(seen.fds.slice(0, 4), [0, 1, 2, 3]);
    assert.ok(seen.fds.length <= 5, `only stdio, fd 3 and listdir's own: ${seen.fds}`);
    assert.deepEqual(
      Object.keys(seen.env).filter((k) => k !== 'LC_CTYPE'),
      ['ONLY'],
    );
    assert.equal(seen.cwd, '/tmp');
    assert.equal(r.fd3, 'three');
    assert.match(r.err, /to stderr/);
  });

  it('sets the limits and the priority, and no signal stays ignored', async () => {
    const r = await run({
      argv: ['/bin/sh', '-c', 'cat /proc/self/limits; grep SigIgn /proc/self/status; cut -d" " -f19 /proc/self/stat'],
      rlimits: [
        ['cpu', 7, 8],
        ['nofile', 50, 50],
        ['fsize', 1 << 20, 1 << 20],
      ],
      nice: 10,
    });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Max cpu time\s+7\s+8\s+seconds/);
    assert.match(r.out, /Max open files\s+50\s+50/);
    assert.match(r.out, /Max file size\s+1048576\s+1048576/);
    assert.match(r.out, /SigIgn:\s+0+\n/);
    assert.match(r.out, /\n10\n$/, 'nice 10');
  });

  it('runs the child as the given uid, without supplementary groups', { skip: !asRoot && 'needs root' }, async () => {
    const r = await run({ argv: ['/bin/sh', '-c', 'id -u; id -g; id -G'], uid: 60999 });
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '60999\n60999\n60999\n');
  });

  it('puts the child in its cgroups before it executes', { skip: cgroupStatus().kind === 'none' && 'no writable cgroup' }, async () => {
    const group = TreeGroup.create({ memoryBytes: 256 << 20, processes: 16 });
    assert.ok(group);
    try {
      const r = await run({ argv: ['/bin/cat', '/proc/self/cgroup'], cgroups: group.dirs });
      assert.equal(r.code, 0, r.err);
      const names = group.dirs.map((d) => d.split('/').pop() as string);
      for (const name of names) assert.ok(r.out.includes(`/${name}\n`), `${name} in ${r.out}`);
    } finally {
      await group.release();
    }
  });

  it('reports a program that cannot start, with the reason', async () => {
    const r = await run({ argv: ['/no/such/program'] });
    assert.match(r.error ?? '', /executing \/no\/such\/program: .*No such file/);
    assert.equal(r.code, 127);
  });

  it('kills a child stopped before its pid was known', async () => {
    const child = spawnViaHelper({ argv: ['/bin/sleep', '30'], env: {}, fds: 3, rlimits: [] });
    child.kill();
    const closed = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    assert.deepEqual(closed, [null, 'SIGKILL']);
  });

  it('keeps its socket in a folder only our uid can enter', async () => {
    const child = spawnViaHelper({ argv: ['/bin/true'], env: {}, fds: 3, rlimits: [] });
    await new Promise((r) => child.on('close', r));
    const maps = readFileSync('/proc/net/unix', 'utf8');
    const path = /\/\S*pysec-spawner-\S+\/s\b/.exec(maps)?.[0];
    assert.ok(path, 'the starter listens on its socket');
    const dir = statSync(path.slice(0, -2));
    assert.equal(dir.mode & 0o777, 0o700);
    assert.equal(dir.uid, process.getuid?.());
  });
});
