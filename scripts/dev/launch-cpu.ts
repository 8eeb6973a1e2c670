import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LIMITS, launch, PYTHON_LIBS, pythonEnv } from '@pysec/runner';

const ACCT = '/sys/fs/cgroup/cpuacct/pysec-launch';
mkdirSync(ACCT, { recursive: true });
writeFileSync(join(ACCT, 'cgroup.procs'), String(process.pid));
const use = () => Number(readFileSync(join(ACCT, 'cpuacct.usage'), 'utf8')) / 1e6;
const py = pythonEnv();
async function bench(label: string, argv: (w: string) => string[]) {
  const n = 20;
  const u0 = use();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const w = mkdtempSync('/tmp/pl-');
    const p = launch({
      mounts: [
        { host: py.venv ?? '/work/main/.venv', inside: '/work/main/.venv' },
        { host: PYTHON_LIBS, inside: '/pysec/lib' },
      ],
      work: { host: w, inside: '/run/work' },
      argv: argv(w),
      limits: DEFAULT_LIMITS,
    });
    p.child.stdin?.end();
    await p.exited;
  }
  const c = process.cpuUsage(c0);
  console.log(
    label,
    'all',
    ((use() - u0) / n).toFixed(1),
    'ms; node',
    ((c.user + c.system) / 1000 / n).toFixed(1),
    'ms; wall',
    ((performance.now() - t0) / n).toFixed(1),
  );
}
await bench('true', () => ['/usr/bin/true']);
await bench('python pass', () => [py.python, '-I', '-S', '-B', '-c', 'pass']);
await bench('python harness imp', () => [
  py.python,
  '-I',
  '-S',
  '-B',
  '-c',
  'import sys; sys.path[:0]=["/pysec/lib"]; import pysec_harness',
]);
await bench('python judge imp', () => [py.python, '-I', '-S', '-B', '-c', 'import sys; sys.path[:0]=["/pysec/lib"]; import pysec_judge']);
await bench('python client imp', () => [py.python, '-I', '-S', '-B', '-c', 'import sys; sys.path[:0]=["/pysec/lib"]; import pysec_client']);
