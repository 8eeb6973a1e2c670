/**
 * @module workspace
 * A learner's lab folder: created by `pysec start`, marked by .pysec/lab.json, read back
 * safely (no symlinks followed, size-capped) when checked.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Course, findLab, type Lab, PysecError } from '@pysec/core';
import { REPO_ROOT, readInside, UnsafePathError } from '@pysec/runner';
import { copyWorkspaceFiles } from './run-folder.ts';

export const MARKER = join('.pysec', 'lab.json');
const MAX_FILE = 512 * 1024;

export interface Workspace {
  dir: string;
  lab: Lab;
}

/** Finds the lab folder containing `from` (walking up), like git finds .git. */
export function findWorkspace(course: Course, from: string): Workspace {
  let dir = resolve(from);
  for (;;) {
    const marker = join(dir, MARKER);
    if (existsSync(marker)) {
      let labId: unknown;
      try {
        labId = (JSON.parse(readFileSync(marker, 'utf8')) as { lab?: unknown }).lab;
      } catch {
        throw new PysecError('PYSEC_ERR_WORKSPACE_NOT_FOUND', `${marker} is damaged.`, {
          hint: 'Start the lab again in a new folder: pysec start <lab> <folder>.',
        });
      }
      return { dir, lab: findLab(course, String(labId)) };
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new PysecError('PYSEC_ERR_WORKSPACE_NOT_FOUND', `${resolve(from)} is not inside a pysec lab folder.`, {
    hint: 'Start a lab first: `pysec start sqli-login ~/labs/sqli-login`, then run this command inside that folder.',
  });
}

/** Creates a lab folder: the learner-visible files, the marker, and (for the CLI) a local `npx pysec`. */
export function createWorkspace(lab: Lab, dir: string, options: { npxLink?: boolean } = { npxLink: true }): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new PysecError('PYSEC_ERR_WORKSPACE_EXISTS', `${dir} already exists and is not empty.`, {
      hint: `Choose another folder, e.g. \`pysec start ${lab.spec.id} ${dir}-2\`, or remove it first.`,
    });
  }
  mkdirSync(join(dir, '.pysec'), { recursive: true });
  copyWorkspaceFiles(lab, dir);
  writeFileSync(join(dir, MARKER), `${JSON.stringify({ format: 1, lab: lab.spec.id, created: new Date().toISOString() }, null, 2)}\n`);
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n.pysec/backup/\n__pycache__/\n');
  if (!options.npxLink) return;
  // `npx pysec …` inside the lab folder finds this link (npx looks in ./node_modules/.bin).
  const bin = join(dir, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(join(REPO_ROOT, 'packages', 'cli', 'bin', 'pysec.js'), join(bin, 'pysec'));
}

/** Every file the learner may edit, across all steps. */
export function editableFiles(lab: Lab): string[] {
  return [...new Set(lab.spec.steps.flatMap((s) => s.files))];
}

/** Reads the learner's editable files; a missing file is taken from the original lab. */
export function readSubmission(ws: Workspace): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const rel of editableFiles(ws.lab)) {
    let data: Buffer | null;
    try {
      data = readInside(ws.dir, rel, MAX_FILE);
    } catch (err) {
      if (err instanceof UnsafePathError) {
        throw new PysecError('PYSEC_ERR_WORKSPACE_FILE', `${rel} cannot be used: ${err.message}.`, {
          hint: `Make ${rel} a regular file below ${MAX_FILE / 1024} KiB (run \`pysec reset ${rel}\` to get the original back).`,
        });
      }
      throw err;
    }
    files.set(rel, data ?? readFileSync(join(ws.lab.dir, rel)));
  }
  return files;
}

/** Puts original files back, keeping the learner's versions in .pysec/backup/<time>/. */
export function resetFiles(ws: Workspace, only: string[]): { restored: string[]; backup: string | undefined } {
  const all = editableFiles(ws.lab);
  const targets = only.length > 0 ? only : all;
  for (const rel of targets) {
    if (!all.includes(rel)) {
      throw new PysecError('PYSEC_ERR_USAGE', `${rel} is not a file of this lab you can reset.`, {
        hint: `Files you edit in ${ws.lab.spec.id}: ${all.join(', ')}.`,
      });
    }
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const backupDir = join(ws.dir, '.pysec', 'backup', stamp);
  let backedUp = false;
  for (const rel of targets) {
    const current = join(ws.dir, rel);
    if (existsSync(current)) {
      mkdirSync(dirname(join(backupDir, rel)), { recursive: true });
      cpSync(current, join(backupDir, rel), { dereference: false });
      backedUp = true;
    }
    mkdirSync(dirname(current), { recursive: true });
    rmSync(current, { force: true }); // never write through a link the folder may hold
    cpSync(join(ws.lab.dir, rel), current);
  }
  return { restored: targets, backup: backedUp ? backupDir : undefined };
}
