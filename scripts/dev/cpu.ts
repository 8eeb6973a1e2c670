// Dev helper: CPU cost of one check (engine process + every sandboxed child), sequential.
//   node scripts/dev/cpu.ts <content-root> <lab-id> [runs]
// Child CPU is read from /proc/self/stat (cutime+cstime: reaped descendants), 100 Hz ticks.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findLab, scanCourse } from '@pysec/core';
import { checkLab, withOverlay } from '@pysec/judge';
import { machineBusyMs } from '../../bench/machine-cpu.ts';

const [root, labId, n = '20'] = process.argv.slice(2) as [string, string, string?];
const lab = findLab(scanCourse(root).course, labId);
const files = new Map<string, Uint8Array>();
const sol = join(lab.dir, 'solution');
for (const e of readdirSync(sol, { recursive: true, withFileTypes: true }))
  if (e.isFile()) files.set(relative(sol, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name)));
// Precise when a cpuacct cgroup (v1) can be made: everything this process starts is counted.
const ACCT = '/sys/fs/cgroup/cpuacct/pysec-dev-cpu';
let acct = false;
try {
  mkdirSync(ACCT, { recursive: true });
  writeFileSync(join(ACCT, 'cgroup.procs'), String(process.pid));
  acct = true;
} catch {}
const childTicks = () => {
  if (acct) return Number(readFileSync(join(ACCT, 'cpuacct.usage'), 'utf8')) / 1e7;
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(f[13]) + Number(f[14]);
};
void withOverlay;
await checkLab(lab, files); // warm-up
const t0 = performance.now();
const c0 = childTicks();
const m0 = machineBusyMs();
const s0 = process.cpuUsage();
const walls: number[] = [];
// GAP_MS: a pause between checks, as a person editing between checks leaves (warm kits refill then).
const gap = Number(process.env.GAP_MS ?? 0);
for (let i = 0; i < Number(n); i++) {
  if (gap) await new Promise((r) => setTimeout(r, gap));
  const a = performance.now();
  const v = await checkLab(lab, files);
  if (!v.passed) throw new Error('solution did not pass');
  walls.push(performance.now() - a);
}
const self = process.cpuUsage(s0);
const child = (childTicks() - c0) * 10;
const machine = (machineBusyMs() - m0) / Number(n);
walls.sort((a, b) => a - b);
const runs = Number(n);
console.log(
  `${labId}: wall p50 ${walls[Math.floor(runs / 2)]?.toFixed(0)} ms; CPU/check: engine ${((self.user + self.system) / 1000 / runs).toFixed(1)} ms, ${acct ? 'all (cpuacct)' : 'reaped children'} ${(child / runs).toFixed(1)} ms; machine ${machine.toFixed(0)} ms; total ${((performance.now() - t0) / runs).toFixed(0)} ms/check`,
);
const { warmStats } = await import('@pysec/judge');
console.log('warm kits:', JSON.stringify(warmStats()));
