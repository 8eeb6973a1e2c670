/**
 * `npm run bench`: check latency of each lab's reference solution, sandboxed and brokered
 * (the real engine path) against the same checks run bare — one Python process per step,
 * no sandbox, no broker (bench/bare_check.py) — in the same run. Both run a lab's steps
 * side by side, as the engine does.
 *
 *   node bench/check-latency.ts [--runs 30] [--cold] [--pause 250] [--cpu-runs 10] [--all | lab …]
 *
 * By default checks run as `pysec serve` runs them, with warm sandboxes, after a pause
 * (sandboxed and bare alike) in which the used ones are replaced; --cold starts everything
 * per check, as a one-shot `pysec check`. CPU per check is the whole machine's busy time
 * (/proc/stat: all cores, kernel workers included), measured over --cpu-runs cold checks
 * back to back, sandboxed and bare.
 *
 * Without labs: the four flagship labs; --all: every lab of the course. A lab whose judge
 * needs what the bare runner cannot give (bench/bare_check.py) gets "bare n/a", not an abort.
 *
 * Prints p50/p95 per lab, the sandboxed/bare ratio and CPU; writes bench/results/latest.json.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { HIDDEN_ENTRIES, type Lab, loadCourse, type StepSpec } from '@pysec/core';
import { checkLab, useWarmKits, withOverlay } from '@pysec/judge';
import { contentDir, PYTHON_LIBS, pythonEnv, REPO_ROOT, sandboxInfo } from '@pysec/runner';
import { machineBusyMs } from './machine-cpu.ts';

const { values, positionals } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    all: { type: 'boolean' },
    cold: { type: 'boolean' },
    pause: { type: 'string', default: '250' },
    'cpu-runs': { type: 'string', default: '10' },
  },
  allowPositionals: true,
});
const runs = Number(values.runs);
const cpuRuns = Number(values['cpu-runs']);
// By default as `pysec serve` runs checks: with warm sandboxes (--cold: as a one-shot `pysec check`).
const warm = !values.cold;
const pause = warm ? Number(values.pause) : 0;
if (warm) useWarmKits(1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const course = loadCourse(contentDir());
const FLAGSHIP = ['sqli-login', 'redos', 'password-hashing', 'path-traversal'];
const labIds = values.all
  ? course.modules.flatMap((m) => m.labs.map((l) => l.spec.id))
  : positionals.length > 0
    ? positionals
    : FLAGSHIP.filter((id) => course.labs.has(id));

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

/** Runs one step bare: one Python process, judge and program together, no sandbox, no broker. */
async function bareStep(lab: Lab, step: StepSpec, files: Map<string, Uint8Array>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pysec-bare-'));
  try {
    const target = join(dir, 'target');
    const exploit = join(dir, 'exploit');
    mkdirSync(target);
    mkdirSync(exploit);
    for (const entry of readdirSync(lab.dir))
      if (!HIDDEN_ENTRIES.has(entry)) cpSync(join(lab.dir, entry), join(target, entry), { recursive: true, preserveTimestamps: true });
    for (const rel of step.files) {
      const data = files.get(rel);
      if (!data) continue;
      const dest = join(step.kind === 'fix' ? target : exploit, rel);
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(dest, data);
    }
    const context = { lab: lab.spec.id, step: step.id, call_timeout: lab.spec.limits.call_timeout, exploit: step.files[0] };
    const args = [
      '-I',
      '-B',
      join(REPO_ROOT, 'bench', 'bare_check.py'),
      PYTHON_LIBS,
      dir,
      join(lab.dir, step.judge),
      JSON.stringify(context),
      JSON.stringify(lab.spec.target),
    ];
    const { stdout, stderr } = await run(pythonEnv().python, args);
    const out = JSON.parse(stdout.trim().split('\n').pop() || '{}') as { passed?: boolean };
    if (!out.passed) throw new Error(`bare check of ${lab.spec.id}/${step.id} did not pass: ${stdout.slice(-500)} ${stderr.slice(-1500)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err && !stdout) reject(new Error(`${err.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

/** A bare check: every step, side by side as the engine runs them. */
async function bareCheck(lab: Lab, files: Map<string, Uint8Array>): Promise<number> {
  const started = performance.now();
  await Promise.all(lab.spec.steps.map((step) => bareStep(lab, step, files)));
  return performance.now() - started;
}

/** Machine CPU per check: `n` checks back to back, nothing else running. */
async function cpuPerCheck(n: number, check: () => Promise<unknown>): Promise<number> {
  const busy0 = machineBusyMs();
  for (let i = 0; i < n; i++) await check();
  return (machineBusyMs() - busy0) / n;
}

interface Row {
  lab: string;
  runs: number;
  failures: number;
  sandboxed: { p50: number; p95: number };
  bare: { p50: number; p95: number };
  steps: Record<string, number>;
  ratio: number;
  /** Machine CPU time per check (all cores, kernel included), ms. */
  cpu: { sandboxed: number; bare: number };
  /** What the judge runs: checks by kind (hidden attack variants among the attacks), and the lab's fixtures. */
  checks: { functional: number; attack: number; hidden: number; badFixes: number; altFixes: number };
}

const rows: Row[] = [];
const info = sandboxInfo();
console.log(
  `pysec bench — ${cpus().length} cores, Node ${process.version}, Python ${pythonEnv().version}, sandbox: ${info.kind}${info.asRoot ? ' (root, uid per process)' : ''}`,
);
console.log(
  `${runs} checks of each lab's reference solution, after 2 warm-up checks; times are wall-clock ms. ${
    warm
      ? `Warm sandboxes, as pysec serve runs checks; ${pause} ms pause before each check (sandboxed and bare alike).`
      : 'Cold: every process started by the check, as a one-shot pysec check.'
  }\nCPU: machine busy time per check (all cores, kernel included), ${cpuRuns} checks back to back, cold.\n`,
);
for (const id of labIds) {
  const lab = course.labs.get(id);
  if (!lab) throw new Error(`no lab ${id}`);
  const files = withOverlay(lab, 'solution');
  const sandboxed: number[] = [];
  const bare: number[] = [];
  const steps: Record<string, number[]> = {};
  let failures = 0;
  let checks: Row['checks'] = { functional: 0, attack: 0, hidden: 0, badFixes: 0, altFixes: 0 };
  let bareNote: string | undefined;
  const tryBare = async () => {
    if (bareNote) return;
    try {
      bare.push(await bareCheck(lab, files));
    } catch (err) {
      bareNote = (err as Error).message.split('\n')[0];
    }
  };
  for (let i = 0; i < 2; i++) {
    await checkLab(lab, files);
    await tryBare();
  }
  bare.length = 0;
  for (let i = 0; i < runs; i++) {
    // Interleaved, so both see the same machine; each after the same pause (in which the
    // warm sandboxes used by the check before are replaced, as while a learner reads a verdict).
    await sleep(pause);
    const t = performance.now();
    const v = await checkLab(lab, files, { revealHidden: true });
    sandboxed.push(performance.now() - t);
    const all = v.steps.flatMap((st) => st.checks);
    checks = {
      functional: all.filter((c) => c.kind === 'functional').length,
      attack: all.filter((c) => c.kind === 'attack').length,
      hidden: all.filter((c) => c.hidden).length,
      badFixes: lab.spec.bad_fixes.length,
      altFixes: lab.spec.alternative_fixes.length,
    };
    if (!v.passed) failures++;
    for (const s of v.steps) {
      steps[s.step] = [...(steps[s.step] ?? []), s.durationMs];
    }
    await sleep(pause);
    await tryBare();
    if (process.stdout.isTTY) process.stdout.write(`\r${id}: ${i + 1}/${runs}`);
  }
  // CPU: checks back to back, cold (warm sandboxes only move start-up work earlier).
  useWarmKits(0);
  const cpu = {
    sandboxed: await cpuPerCheck(cpuRuns, () => checkLab(lab, files)),
    bare: bareNote ? Number.NaN : await cpuPerCheck(cpuRuns, () => bareCheck(lab, files)),
  };
  if (warm) useWarmKits(1);
  if (process.stdout.isTTY) process.stdout.write('\r');
  const row: Row = {
    lab: id,
    runs,
    failures,
    sandboxed: { p50: pct(sandboxed, 50), p95: pct(sandboxed, 95) },
    bare: { p50: bareNote ? Number.NaN : pct(bare, 50), p95: bareNote ? Number.NaN : pct(bare, 95) },
    steps: Object.fromEntries(Object.entries(steps).map(([k, xs]) => [k, pct(xs, 50)])),
    ratio: bareNote ? Number.NaN : pct(sandboxed, 50) / pct(bare, 50),
    cpu,
    checks,
  };
  if (bareNote) console.log(`${id}: bare n/a (${bareNote.slice(0, 160)})`);
  rows.push(row);
}

const f = (n: number) => (Number.isNaN(n) ? 'n/a' : n.toFixed(0)).padStart(6);
console.log(
  'lab                 sandboxed p50   p95 |  bare p50   p95 | ratio p50 | CPU sandboxed  bare | func att (hid) bad alt | step p50s',
);
for (const r of rows) {
  const stepText = Object.entries(r.steps)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(', ');
  console.log(
    `${r.lab.padEnd(20)}    ${f(r.sandboxed.p50)} ${f(r.sandboxed.p95)} |  ${f(r.bare.p50)} ${f(r.bare.p95)} |    ${Number.isNaN(r.ratio) ? ' n/a' : r.ratio.toFixed(2)}   |       ${f(r.cpu.sandboxed)} ${f(r.cpu.bare)} | ${String(r.checks.functional).padStart(4)} ${String(r.checks.attack).padStart(3)} ${`(${r.checks.hidden})`.padStart(5)} ${String(r.checks.badFixes).padStart(3)} ${String(r.checks.altFixes).padStart(3)} | ${stepText}${r.failures ? `  (${r.failures} FAILED)` : ''}`,
  );
}
const sqli = rows.find((r) => r.lab === 'sqli-login');
if (sqli) {
  console.log(
    `\nBars (issue 5): sqli-login p50 ≤ 150 ms: ${sqli.sandboxed.p50 <= 150 ? 'met' : 'NOT met'}; p95 ≤ 400 ms: ${sqli.sandboxed.p95 <= 400 ? 'met' : 'NOT met'}; sandboxed/bare ≤ 1.3: ${sqli.ratio <= 1.3 ? 'met' : 'NOT met'}`,
  );
}
mkdirSync(join(REPO_ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(REPO_ROOT, 'bench', 'results', 'latest.json'),
  `${JSON.stringify({ at: new Date().toISOString(), cores: cpus().length, rows }, null, 2)}\n`,
);
process.exitCode = rows.some((r) => r.failures > 0) ? 1 : 0;
