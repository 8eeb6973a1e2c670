/**
 * @module python-sandbox
 * The three kinds of Python process a check starts — target (learner code + harness),
 * judge (hidden checks) and exploit (the learner's attack) — each in its own sandbox,
 * each seeing only what it needs: the venv, its own pysec library, its own folder.
 */

import { join } from 'node:path';
import { type Limits, launch, type Mount, PYTHON_LIBS, pythonEnv, type SandboxProcess, sandboxPath } from '@pysec/runner';

export type Role = 'target' | 'judge' | 'exploit';

const LIBS: Record<Role, string[]> = {
  target: ['pysec_wire', 'pysec_harness'],
  judge: ['pysec_wire', 'pysec_judge'],
  exploit: ['pysec_wire', 'pysec_client'],
};

/** Steps one judge process serves (python/pysec_judge/main.py): descriptors 0/1+3, 4+5, 6+7 (the seccomp filter is at 9). */
export const JUDGE_CHANNELS = 3;
/** Descriptors after stdin/stdout/stderr a judge sandbox gets: verdict 0, then a channel and a verdict per further step. */
export const JUDGE_EXTRA_FDS = 1 + 2 * (JUDGE_CHANNELS - 1);

export interface PythonLaunch {
  role: Role;
  /** Writable folder, seen as /lab inside. */
  work: string;
  /** Extra read-only mounts, e.g. the judge's files at /judge. */
  mounts?: Mount[];
  /** Arguments after the interpreter; build paths with `inside()`. */
  args: (inside: Inside) => string[];
  limits: Limits;
  extraPipes?: number;
  /** A warm sandbox: started ahead of a check (see warm.ts). */
  quiet?: boolean;
}

export interface Inside {
  work: string;
  lib(name: string): string;
  mount(m: Mount): string;
}

export function startPython(req: PythonLaunch): SandboxProcess {
  const env = pythonEnv();
  const work: Mount = { host: req.work, inside: '/lab', writable: true };
  const venv: Mount = { host: env.venv, inside: '/venv' };
  const mounts: Mount[] = [venv];
  if (!env.basePrefix.startsWith('/usr')) mounts.push({ host: env.basePrefix, inside: env.basePrefix });
  for (const lib of LIBS[req.role]) mounts.push({ host: join(PYTHON_LIBS, lib), inside: `/pysec/${lib}` });
  mounts.push(...(req.mounts ?? []));
  const inside: Inside = {
    work: sandboxPath(work),
    lib: (name) => sandboxPath({ host: join(PYTHON_LIBS, name), inside: `/pysec/${name}` }),
    mount: (m) => sandboxPath(m),
  };
  const python = join(sandboxPath(venv), 'bin', 'python');
  return launch({
    mounts,
    work,
    argv: [python, '-I', '-B', '-S', ...req.args(inside)],
    limits: req.limits,
    extraPipes: req.extraPipes ?? 0,
    quiet: req.quiet ?? false,
  });
}
