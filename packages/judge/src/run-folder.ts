/**
 * @module run-folder
 * A fresh folder per check: target/ (the program: pristine lab files with the learner's
 * edited files laid over), judge/ (the step's hidden judge files, mounted read-only and
 * only into the judge sandbox), exploit/ (the learner's exploit files), scratch/ (the
 * judge's writable folder). Removed when the check ends.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
 *
 * Mounting costs two blocking mount(8)/umount(8) runs (about 4 ms each), so an emptied tmpfs
 * goes back to a small pool and serves the next check. Nothing is shared between checks:
 * every process of a check is gone before its folder is emptied (the broker waits for the
 * sandboxes to exit), and an emptied tmpfs holds no files and has its whole quota again.
 * Folder names carry our pid, so mounts left by a killed pysec are found and removed.
 */
// Enough for every folder in use at once (8 slots × 2 steps, warm kits): no mount in steady state.
const POOL_MAX = 32;
const pool: string[] = [];
let swept = false;

function quotaWanted(): boolean {
  return process.getuid?.() === 0 && process.env.PYSEC_RUN_TMPFS !== '0';
}

function mountQuota(root: string): boolean {
  const opts = `size=${RUN_FOLDER_QUOTA.bytes},nr_inodes=${RUN_FOLDER_QUOTA.inodes},mode=0711,nosuid,nodev`;
  return spawnSync('/usr/bin/mount', ['-t', 'tmpfs', '-o', opts, 'pysec-run', root], { stdio: 'ignore' }).status === 0;
}

function unmount(root: string): void {
  // Lazy: nothing of the sandbox is left, but never fail a verdict over a busy mount.
  spawnSync('/usr/bin/umount', ['-l', root], { stdio: 'ignore' });
  rmSync(root, { recursive: true, force: true, maxRetries: 3 });
}

/** Unmounts run folders that a pysec process which no longer exists left mounted. */
export function sweepOrphans(): void {
  swept = true;
  let mountinfo = '';
  try {
    mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return;
  }
  for (const line of mountinfo.split('\n')) {
    const fields = line.split(' ');
    const point = fields[4] ?? '';
    const owner = /\/pysec-run-(\d+)-[^/]+$/.exec(point)?.[1];
    if (!owner || !line.includes(' - tmpfs pysec-run ') || Number(owner) === process.pid) continue;
    try {
      process.kill(Number(owner), 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') unmount(point);
    }
  }
}

function emptyFolder(root: string): boolean {
  try {
    for (const entry of readdirSync(root)) rmSync(join(root, entry), { recursive: true, force: true });
    return readdirSync(root).length === 0;
  } catch {
    return false;
  }
}

/** Unmounts the pooled (empty) run folders; also runs when the process exits. */
export function releaseRunFolders(): void {
  for (const root of pool.splice(0)) unmount(root);
}

process.once('exit', releaseRunFolders);

function takeRoot(): { root: string; mounted: boolean } {
  if (!quotaWanted()) return { root: mkdtempSync(join(process.env.PYSEC_RUN_DIR ?? tmpdir(), 'pysec-run-')), mounted: false };
  if (!swept) sweepOrphans();
  const pooled = pool.pop();
  if (pooled) return { root: pooled, mounted: true };
  const root = mkdtempSync(join(process.env.PYSEC_RUN_DIR ?? tmpdir(), `pysec-run-${process.pid}-`));
  return { root, mounted: mountQuota(root) };
}

export function makeRunFolder(): RunFolder {
  const { root, mounted } = takeRoot();
  // Sandboxed processes run as other uids: they must traverse root, never list it.
  chmodSync(root, 0o711);
  const sub = (name: string, mode: number) => {
    const dir = join(root, name);
    mkdirSync(dir);
    chmodSync(dir, mode);
    return dir;
  };
  let removed = false;
  return {
    root,
    target: sub('target', 0o700),
    judge: sub('judge', 0o755),
    exploit: sub('exploit', 0o700),
    scratch: sub('scratch', 0o700),
    remove: () => {
      if (removed) return;
      removed = true;
      if (!mounted) rmSync(root, { recursive: true, force: true, maxRetries: 3 });
      else if (pool.length < POOL_MAX && emptyFolder(root)) pool.push(root);
      else unmount(root);
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
