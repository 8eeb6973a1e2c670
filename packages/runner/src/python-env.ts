/**
 * @module python-env
 * The lab Python: a venv made by set-up from pinned, hashed requirements. We always start
 * the venv's real interpreter (never a pyenv shim) and mount its base installation
 * read-only in the sandbox.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PysecError } from '@pysec/core';
import { venvDir } from './paths.ts';

export interface PythonEnv {
  venv: string;
  /** <venv>/bin/python (a symlink to the base interpreter; Python finds pyvenv.cfg beside it). */
  python: string;
  /** The base installation prefix (e.g. /usr) that must be visible read-only. */
  basePrefix: string;
  version: string;
  /** Normalised names of installed distributions (argon2-cffi → argon2_cffi). */
  distributions: Set<string>;
}

export function normaliseDist(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '_');
}

let cached: PythonEnv | undefined;

export function pythonEnv(): PythonEnv {
  if (cached) return cached;
  const venv = venvDir();
  const python = join(venv, 'bin', 'python');
  const cfgFile = join(venv, 'pyvenv.cfg');
  if (!existsSync(python) || !existsSync(cfgFile)) {
    throw new PysecError('PYSEC_ERR_PYTHON_MISSING', `The lab Python environment is missing (${venv}).`, {
      hint: 'Run `npm run setup` in the pysec folder: it creates the venv from python/requirements.txt.',
    });
  }
  const cfg = Object.fromEntries(
    readFileSync(cfgFile, 'utf8')
      .split('\n')
      .map((line) => line.split('=').map((s) => s.trim()))
      .filter((kv) => kv.length === 2),
  ) as Record<string, string>;
  const home = cfg.home ?? dirname(realpathSync(python));
  const basePrefix = dirname(realpathSync(home));
  const version = cfg.version_info ?? cfg.version ?? 'unknown';
  const libDir = join(venv, 'lib');
  const distributions = new Set<string>();
  for (const py of existsSync(libDir) ? readdirSync(libDir) : []) {
    const site = join(libDir, py, 'site-packages');
    if (!existsSync(site)) continue;
    for (const entry of readdirSync(site)) {
      const m = /^(.+?)-[^-]+\.dist-info$/.exec(entry);
      if (m?.[1]) distributions.add(normaliseDist(m[1]));
    }
  }
  cached = { venv, python, basePrefix, version, distributions };
  return cached;
}

/** Libraries a lab requires that this venv lacks. */
export function missingLibraries(required: readonly string[]): string[] {
  const env = pythonEnv();
  return required.filter((r) => !env.distributions.has(normaliseDist(r)));
}
