/** @module sandbox-testing — for the tests beside it: run a Python snippet in a real sandbox. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIMITS, type ExitInfo, type Limits } from './limits.ts';
import { pythonEnv } from './python-env.ts';
import { launch, type Mount, type SandboxProcess, sandboxPath } from './sandbox.ts';

export interface PythonRun {
  exit: ExitInfo;
  stdout: string;
  stderr: string;
  proc: SandboxProcess;
}

/**
 * Runs `code` with the lab venv's Python (mounted at /venv, as the judge does; with `site`, so
 * the venv's libraries import). `during` is called once the process has started.
 */
export async function runPython(
  code: string,
  limits: Partial<Limits> = {},
  during?: (proc: SandboxProcess) => Promise<void> | void,
): Promise<PythonRun> {
  const env = pythonEnv();
  const work = mkdtempSync(join(tmpdir(), 'pysec-sbx-test-'));
  try {
    const venv: Mount = { host: env.venv, inside: '/venv' };
    const mounts: Mount[] = [venv];
    if (!env.basePrefix.startsWith('/usr')) mounts.push({ host: env.basePrefix, inside: env.basePrefix });
    const proc = launch({
      mounts,
      work: { host: work, inside: '/lab', writable: true },
      argv: [join(sandboxPath(venv), 'bin', 'python'), '-I', '-B', '-c', code],
      limits: { ...DEFAULT_LIMITS, wallMs: 30_000, ...limits },
    });
    let stdout = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (d: string) => {
      stdout += d;
    });
    proc.stdin.end();
    await during?.(proc);
    const exit = await proc.exited;
    await proc.released;
    return { exit, stdout, stderr: proc.output(), proc };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The last line of stdout as JSON (the snippets print their findings that way). */
export function lastJson<T>(run: PythonRun): T {
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`no JSON from the sandboxed Python (exit ${JSON.stringify(run.exit)}):\n${run.stdout}\n${run.stderr}`);
  }
}
