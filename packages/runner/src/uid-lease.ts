/**
 * @module uid-lease
 * Sandbox uids (root only) are leased, not just rotated: a lock file per uid under
 * /run/pysec/uids holds the leasing pysec process's pid, so two pysec processes on one host
 * (a CLI check beside the server, parallel test files) never run sandboxes as the same uid —
 * RLIMIT_NPROC is per uid, and "no process of this uid is left" must mean this check's.
 * A lease whose owner died is taken over. The cursor keeps rotating through the pool, so a
 * released uid is reused only after the others (its reaper zombies are long gone by then).
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
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
      // Its pysec died before it could see the uid clean: take it only if nothing runs as it.
      if (processesOf(uid).length > 0) return false;
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

/**
 * Host pids of live processes running as `uid`. Zombies are left out: they run nothing, and
 * the sandbox's inner bwrap, orphaned when its outer one is killed, waits as a zombie for the
 * host's init to reap it (the rotation through the pool keeps them from costing a later
 * check its RLIMIT_NPROC).
 */
export function processesOf(uid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (statSync(`/proc/${entry}`).uid !== uid) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z') pids.push(Number(entry));
    } catch {
      // it ended while we looked
    }
  }
  return pids;
}

const quarantined = new Set<number>();

/**
 * Gives a uid back only once no process of it is left: what survived the sandbox's end is
 * killed, and a uid whose processes will not go away stays leased (never reused) rather than
 * let the next check share RLIMIT_NPROC or signals with them.
 */
export async function releaseUidWhenClean(uid: number): Promise<void> {
  // Quick checks first (the usual case: gone within milliseconds), then patient ones, since a
  // loaded machine can take seconds to finish killing a tree; only then is the uid retired.
  const waits = [...Array<number>(50).fill(20), ...Array<number>(60).fill(1000)];
  for (const wait of waits) {
    const left = processesOf(uid);
    if (left.length === 0) {
      releaseUid(uid);
      return;
    }
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone, or a zombie waiting for its reaper
      }
    }
    await new Promise((r) => setTimeout(r, wait).unref());
  }
  if (!quarantined.has(uid)) {
    quarantined.add(uid);
    process.stderr.write(`pysec: sandbox uid ${uid} still has processes after its check; it stays leased and is not reused.\n`);
  }
}
