/** @module paths — where pysec's own files are, resolved from this file (no cwd guessing). */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder with content/, python/ and packages/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export const PYTHON_LIBS = join(REPO_ROOT, 'python');

/** The lab virtual environment: PYSEC_VENV, else <repo>/.venv made by scripts/setup.sh. */
export function venvDir(): string {
  return resolve(process.env.PYSEC_VENV ?? join(REPO_ROOT, '.venv'));
}

export function contentDir(): string {
  return resolve(process.env.PYSEC_CONTENT ?? join(REPO_ROOT, 'content'));
}
