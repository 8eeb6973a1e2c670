// Sandbox uid leases (root only): a uid goes back to the pool only when none of its
// processes is left.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const leases = mkdtempSync(join(tmpdir(), 'pysec-leases-'));
process.env.PYSEC_UID_LEASES = leases;
const { leaseUid, processesOf, releaseUidWhenClean } = await import('./uid-lease.ts');
after(() => rmSync(leases, { recursive: true, force: true }));

describe('uid leases', { skip: process.getuid?.() !== 0 && 'uids are leased only when pysec runs as root' }, () => {
  it('kills what is left of a uid before giving it back', async () => {
    const uid = leaseUid();
    assert.ok(existsSync(join(leases, String(uid))));
    // A process outside any sandbox, as if it had escaped its check.
    const straggler = spawn('/usr/bin/sleep', ['30'], { uid, gid: uid, stdio: 'ignore' });
    const gone = new Promise((r) => straggler.on('exit', r));
    assert.deepEqual(processesOf(uid), [straggler.pid]);
    await releaseUidWhenClean(uid);
    await gone;
    assert.deepEqual(processesOf(uid), []);
    assert.equal(existsSync(join(leases, String(uid))), false, 'the lease is released');
  });
});
