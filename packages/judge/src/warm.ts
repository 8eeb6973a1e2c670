/**
 * @module warm
 * Warm sandboxes: processes started ahead of a check, each in its own sandbox over a fresh
 * run folder, with the interpreter up and the pysec libraries imported, then waiting for
 * their configuration. A step kit holds one step's target and, for exploit steps, the
 * exploit's interpreter; a judge kit holds the judge process of one check (all its steps,
 * see judge-host.ts). A check that finds kits skips about 30 ms of start-up per process on
 * its critical path.
 *
 * What keeps this safe: a kit has run only our code (no lab file, no learner file is in its
 * folders until it is claimed); each kit serves exactly one step (a judge kit: one check)
 * and is then stopped like any sandbox; kits are never shared between checks or learners. What it costs: the
 * same start-up work as before, done earlier, plus idle processes. So only long-running
 * processes turn it on (`pysec serve`, `pysec watch`: useWarmKits); a one-shot `pysec check`
 * would start kits just to throw them away. PYSEC_WARM=<n> overrides (0: off). An idle kit
 * stops itself after IDLE_MS.
 */
import { type Limits, type SandboxProcess, sandboxInfo } from '@pysec/runner';
import { JUDGE_EXTRA_FDS, startPython } from './python-sandbox.ts';
import { makeRunFolder, type RunFolder, releaseRunFolders } from './run-folder.ts';

export type KitKind = 'fix' | 'exploit' | 'judge';

/** A judge kit holds the judge of a whole check; a step kit its target (and exploit). */
export interface WarmKit {
  kind: KitKind;
  folder: RunFolder;
  judge?: SandboxProcess;
  target?: SandboxProcess;
  exploit?: SandboxProcess;
}

const IDLE_MS = 10 * 60 * 1000;
const pools = new Map<string, WarmKit[]>();
const stats = { claimed: 0, cold: 0, started: 0 };
let closed = false;

let configured = 0;

/** Keep `n` kits ready per kind of step (0: off). PYSEC_WARM, when set, wins. */
export function useWarmKits(n: number): void {
  configured = n;
}

function wanted(): number {
  if (sandboxInfo().kind !== 'bwrap') return 0;
  const n = Number(process.env.PYSEC_WARM ?? configured);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 16) : 0;
}

/** Kits differ only by kind and by the rlimits fixed at start (CPU seconds follow the step timeout). */
const keyOf = (kind: KitKind, limits: Limits) => `${kind}:${limits.cpuSeconds}:${limits.memoryBytes}:${limits.processes}`;

function quiet(proc: SandboxProcess): SandboxProcess {
  proc.child.stdin?.on('error', () => {});
  proc.idle(true);
  return proc;
}

function startKit(kind: KitKind, limits: Limits): WarmKit {
  const idle = { ...limits, wallMs: IDLE_MS };
  const folder = makeRunFolder();
  stats.started++;
  if (kind === 'judge') {
    const judgeMount = { host: folder.judge, inside: '/judge' };
    const judge = quiet(
      startPython({
        role: 'judge',
        work: folder.scratch,
        mounts: [judgeMount],
        extraPipes: JUDGE_EXTRA_FDS,
        limits: idle,
        quiet: true,
        args: (inside) => [inside.lib('pysec_judge'), '--wait'],
      }),
    );
    return { kind, folder, judge };
  }
  const target = quiet(
    startPython({
      role: 'target',
      work: folder.target,
      limits: idle,
      quiet: true,
      args: (inside) => [inside.lib('pysec_harness'), '--wait'],
    }),
  );
  if (kind === 'fix') return { kind, folder, target };
  const exploit = quiet(
    startPython({
      role: 'exploit',
      work: folder.exploit,
      limits: idle,
      quiet: true,
      args: (inside) => [`${inside.lib('pysec_client')}/bootstrap.py`],
    }),
  );
  return { kind, folder, target, exploit };
}

const processesOf = (kit: WarmKit) => [kit.judge, kit.target, kit.exploit].filter((p): p is SandboxProcess => p !== undefined);

async function discard(kit: WarmKit): Promise<void> {
  const procs = processesOf(kit);
  for (const p of procs) p.stop('killed');
  await Promise.all(procs.map((p) => p.exited));
  kit.folder.remove();
}

const alive = (kit: WarmKit) => processesOf(kit).every((p) => p.running);

/**
 * A kit for one step, or undefined (none ready, or warm sandboxes off): the caller then
 * starts the processes itself. The caller owns the kit from here on.
 */
export function takeKit(kind: KitKind, limits: Limits): WarmKit | undefined {
  if (wanted() === 0) return undefined;
  const pool = pools.get(keyOf(kind, limits)) ?? [];
  for (let kit = pool.shift(); kit; kit = pool.shift()) {
    if (alive(kit)) {
      stats.claimed++;
      return kit;
    }
    void discard(kit);
  }
  stats.cold++;
  return undefined;
}

let activeSteps = 0;
const dueRefills = new Map<string, { kind: KitKind; limits: Limits }>();

/** A step has started (its kit, if any, was taken). */
export function stepStarted(): void {
  activeSteps++;
}

/**
 * A step has ended: its kind of kit is due for a refill, which starts only once no step is
 * running. Started earlier, the refill's processes took CPU from the steps still running
 * (measured: a fix step's 28 target calls went from 11 ms to 35-45 ms while the exploit
 * step's kit started beside it). Under constant load the engine is never idle and steps
 * start cold, which costs the same CPU.
 */
export function stepEnded(kind: KitKind, limits: Limits): void {
  activeSteps--;
  dueRefills.set(keyOf(kind, limits), { kind, limits });
  if (activeSteps === 0) setImmediate(flushRefills);
}

function flushRefills(): void {
  if (activeSteps > 0) return; // a step started meanwhile: the last one to end flushes
  const due = [...dueRefills.values()];
  dueRefills.clear();
  for (const { kind, limits } of due) refillKits(kind, limits);
}

/** Tops the pool for this kind of step up again. */
export function refillKits(kind: KitKind, limits: Limits): void {
  const n = wanted();
  if (n === 0 || closed) return;
  const key = keyOf(kind, limits);
  const pool = pools.get(key) ?? [];
  pools.set(key, pool);
  while (pool.length < n) {
    try {
      pool.push(startKit(kind, limits));
    } catch {
      return; // no sandbox right now (e.g. every uid leased): checks start cold
    }
  }
}

/**
 * Stops every idle kit and gives its run folder back, and starts no more (tests, before
 * `releaseRunFolders` unmounts everything).
 */
export async function drainKits(): Promise<void> {
  closed = true;
  await Promise.all([...pools.values()].flatMap((pool) => pool.splice(0).map(discard)));
}

/** Host paths of the run folders idle kits hold (tests tell them from leftovers). */
export function idleKitFolders(): string[] {
  return [...pools.values()].flat().map((k) => k.folder.root);
}

/** How many steps found a kit, started cold, and how many kits were started. */
export function warmStats(): Readonly<typeof stats> {
  return { ...stats };
}

process.once('exit', () => {
  for (const pool of pools.values())
    for (const kit of pool.splice(0)) {
      for (const p of processesOf(kit)) p.stop('killed');
      kit.folder.remove();
    }
  releaseRunFolders();
});
