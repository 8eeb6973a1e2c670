/**
 * @module run-folder
 * A fresh folder per check: target/ (the program: pristine lab files with the learner's
 * edited files laid over), judge/ (the step's hidden judge files, mounted read-only and
 * only into the judge sandbox), exploit/ (the learner's exploit files), scratch/ (the
 * judge's writable folder). Removed when the check ends.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HIDDEN_ENTRIES, type Lab } from '@pysec/core';
import { writeInside } from '@pysec/runner';

export interface RunFolder {
  root: string;
  target: string;
  judge: string;
  exploit: string;
  scratch: string;
  remove(): void;
}

/** Copies the learner-visible part of a lab (everything but lab.yaml, judge/, solution/, …). */
export function copyWorkspaceFiles(lab: Lab, dest: string): void {
  for (const entry of readdirSync(lab.dir)) {
    if (HIDDEN_ENTRIES.has(entry)) continue;
    // Keeping timestamps keeps the bytecode compiled at set-up valid for untouched files.
    cpSync(join(lab.dir, entry), join(dest, entry), { recursive: true, preserveTimestamps: true });
  }
}

/** Size and inode quota of a run folder (all its parts together) when pysec can mount one. */
export const RUN_FOLDER_QUOTA = { bytes: 64 * 1024 * 1024, inodes: 4096 };

/**
 * As root, each run folder is its own tmpfs with a size and inode quota: learner code can
 * fill it, never the host disk (RLIMIT_FSIZE only caps single files). Without root the folder
 * is plain and `pysec doctor` says so.
 */
function mountQuota(root: string): boolean {
  if (process.getuid?.() !== 0 || process.env.PYSEC_RUN_TMPFS === '0') return false;
  const opts = `size=${RUN_FOLDER_QUOTA.bytes},nr_inodes=${RUN_FOLDER_QUOTA.inodes},mode=0711,nosuid,nodev`;
  return spawnSync('/usr/bin/mount', ['-t', 'tmpfs', '-o', opts, 'pysec-run', root], { stdio: 'ignore' }).status === 0;
}

export function makeRunFolder(): RunFolder {
  const root = mkdtempSync(join(process.env.PYSEC_RUN_DIR ?? tmpdir(), 'pysec-run-'));
  const mounted = mountQuota(root);
  // Sandboxed processes run as other uids: they must traverse root, never list it.
  chmodSync(root, 0o711);
  const sub = (name: string, mode: number) => {
    const dir = join(root, name);
    mkdirSync(dir);
    chmodSync(dir, mode);
    return dir;
  };
  return {
    root,
    target: sub('target', 0o700),
    judge: sub('judge', 0o755),
    exploit: sub('exploit', 0o700),
    scratch: sub('scratch', 0o700),
    remove: () => {
      if (mounted) {
        // Lazy unmount: nothing of the sandbox is left, but never fail a verdict over it.
        spawnSync('/usr/bin/umount', ['-l', root], { stdio: 'ignore' });
      }
      rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** Lays learner files over a folder, refusing any path that leaves it. */
export function overlay(dest: string, files: ReadonlyMap<string, Uint8Array>): void {
  for (const [rel, data] of files) writeInside(dest, rel, data);
}

/** Makes judge files readable by the judge sandbox's uid (world-readable, never writable). */
export function copyJudge(lab: Lab, dest: string): void {
  cpSync(join(lab.dir, 'judge'), dest, { recursive: true, preserveTimestamps: true });
  for (const entry of readdirSync(dest, { recursive: true, withFileTypes: true })) {
    chmodSync(join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
  }
}
