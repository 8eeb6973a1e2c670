/**
 * @module workspaces
 * Learner workspaces kept by the server: `<dataDir>/workspaces/<learner>/<lab>/`, made with
 * the engine's createWorkspace on first use — the same folder layout `pysec start` makes, so
 * readSubmission and resetFiles work unchanged. Every path a request names has already been
 * matched against the lab's editable files; reads and writes still go through the runner's
 * no-symlink helpers so that nothing placed in the folder can lead outside it.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Lab, PysecError } from '@pysec/core';
import { createWorkspace, editableFiles, MARKER, readSubmission, resetFiles, type Workspace } from '@pysec/judge';
import { UnsafePathError, writeInside } from '@pysec/runner';

/** Largest file a learner may upload. */
export const MAX_UPLOAD_BYTES = 256 * 1024;

export interface FileView {
  path: string;
  content: string;
  modified: boolean;
}

export class Workspaces {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'workspaces');
  }

  /**
   * The learner's folder for a lab, created when missing. Returns whether it was just made.
   * `learner` and the lab ID are validated names (config.ts, the course), never raw input.
   */
  open(learner: string, lab: Lab): { ws: Workspace; created: boolean } {
    const dir = join(this.root, learner, lab.spec.id);
    if (existsSync(join(dir, MARKER))) return { ws: { dir, lab }, created: false };
    const parent = join(this.root, learner);
    // Learner code lives here: only the server's user may read it.
    mkdirSync(parent, { recursive: true, mode: 0o700 });
    // Built aside and renamed into place, so a crash never leaves a half-made workspace that
    // createWorkspace would then refuse as "not empty".
    const tmp = join(parent, `.new-${lab.spec.id}-${process.pid}-${Date.now()}`);
    try {
      createWorkspace(lab, tmp, { npxLink: false });
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true }); // a folder without its marker is debris
      renameSync(tmp, dir);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    return { ws: { dir, lab }, created: true };
  }

  /** Throws PYSEC_ERR_USAGE unless `path` is one of the lab's editable files (exact match). */
  static requireEditable(lab: Lab, path: string): void {
    const files = editableFiles(lab);
    if (!files.includes(path)) {
      throw new PysecError('PYSEC_ERR_USAGE', `${JSON.stringify(path)} is not a file you edit in this lab.`, {
        hint: `The files you edit in ${lab.spec.id}: ${files.join(', ')}.`,
      });
    }
  }

  /** Every editable file with its current content and whether it differs from the original. */
  files(ws: Workspace): FileView[] {
    const current = readSubmission(ws);
    return editableFiles(ws.lab).map((path) => {
      const data = current.get(path) ?? new Uint8Array();
      const original = readFileSync(join(ws.lab.dir, path));
      return { path, content: Buffer.from(data).toString('utf8'), modified: !original.equals(data) };
    });
  }

  /** The learner's files as the judge takes them (a deleted file counts as the original). */
  submission(ws: Workspace): Map<string, Uint8Array> {
    return readSubmission(ws);
  }

  /** Saves one editable file; returns whether it now differs from the original. */
  save(ws: Workspace, path: string, content: string): boolean {
    Workspaces.requireEditable(ws.lab, path);
    const data = Buffer.from(content, 'utf8');
    if (data.length > MAX_UPLOAD_BYTES) {
      throw new PysecError('PYSEC_ERR_FILE_TOO_LARGE', `${path} is ${Math.ceil(data.length / 1024)} KiB; files are limited to 256 KiB.`, {
        hint: 'Lab files are small programs: remove what the task does not need.',
      });
    }
    try {
      writeInside(ws.dir, path, data);
    } catch (err) {
      if (err instanceof UnsafePathError) {
        throw new PysecError('PYSEC_ERR_WORKSPACE_FILE', `${path} cannot be written: ${err.message}.`, {
          hint: 'Reset the file to get the original back.',
        });
      }
      throw err;
    }
    return !readFileSync(join(ws.lab.dir, path)).equals(data);
  }

  /** Puts originals back (one file or all); the learner's versions go to .pysec/backup/. */
  reset(ws: Workspace, path: string | undefined): FileView[] {
    if (path !== undefined) Workspaces.requireEditable(ws.lab, path);
    resetFiles(ws, path === undefined ? [] : [path]);
    return this.files(ws);
  }
}
