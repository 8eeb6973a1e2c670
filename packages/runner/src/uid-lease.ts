/**
 * @module uid-lease
 * Sandbox uids (root only) are leased, not just rotated: a lock file per uid under
 * /run/pysec/uids holds the leasing pysec process's pid, so two pysec processes on one host
 * (a CLI check beside the server, parallel test files) never run sandboxes as the same uid —
 * RLIMIT_NPROC is per uid, and "no process of this uid is left" must mean this check's.
 * A lease whose owner died is taken over. The cursor keeps rotating through the pool, so a
 * released uid is reused only after the others (its reaper zombies are long gone by then).
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const LEASE_DIR = process.env.PYSEC_UID_LEASES ?? '/run/pysec/uids';
export const UID_BASE = 60_001;
export const UID_POOL = 1_000;
let cursor = Math.floor(Math.random() * UID_POOL);
let dirReady = false;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryLease(uid: number): boolean {
  const file = join(LEASE_DIR, String(uid));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(file, 'utf8'));
      } catch {
        // released meanwhile: try again
      }
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) return false;
      try {
        unlinkSync(file); // a stale lease of a pysec process that died
      } catch {
        // someone else cleaned it
      }
    }
  }
  return false;
}

/** A uid no other sandbox on this host runs as; release it when the process has exited. */
export function leaseUid(): number {
  if (!dirReady) {
    mkdirSync(LEASE_DIR, { recursive: true, mode: 0o700 });
    dirReady = true;
  }
  for (let i = 0; i < UID_POOL; i++) {
    cursor = (cursor + 1) % UID_POOL;
    const uid = UID_BASE + cursor;
    if (tryLease(uid)) return uid;
  }
  throw new Error(`all ${UID_POOL} sandbox uids are leased (see ${LEASE_DIR})`);
}

export function releaseUid(uid: number): void {
  try {
    unlinkSync(join(LEASE_DIR, String(uid)));
  } catch {
    // already gone
  }
}
