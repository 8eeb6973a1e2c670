// Run folders: a fresh, empty folder for every check; as root a quota'd tmpfs that is emptied
// and reused, and mounts left by a pysec process that died are removed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeRunFolder, releaseRunFolders, sweepOrphans } from './run-folder.ts';

const asRoot = process.getuid?.() === 0;
const runs = mkdtempSync(join(tmpdir(), 'pysec-run-folder-test-'));
const mounted = (path: string) => readFileSync('/proc/self/mountinfo', 'utf8').includes(` ${path} `);

before(() => {
  process.env.PYSEC_RUN_DIR = runs;
});
after(() => {
  delete process.env.PYSEC_RUN_DIR;
  releaseRunFolders();
  rmSync(runs, { recursive: true, force: true });
});

describe('run folders', () => {
  it('start empty each time, even when the folder is reused', () => {
    const first = makeRunFolder();
    writeFileSync(join(first.target, 'left-over.txt'), 'from the last check');
    mkdirSync(join(first.scratch, 'deep', 'er'), { recursive: true });
    first.remove();
    first.remove(); // twice is harmless
    const second = makeRunFolder();
    assert.deepEqual(readdirSync(second.root).sort(), ['exploit', 'judge', 'scratch', 'target']);
    for (const part of ['target', 'judge', 'exploit', 'scratch'] as const) assert.deepEqual(readdirSync(second[part]), []);
    if (asRoot && process.env.PYSEC_RUN_TMPFS !== '0') {
      assert.equal(second.root, first.root, 'an emptied tmpfs serves the next check');
      assert.ok(mounted(second.root));
    }
    second.remove();
  });

  it('unmounts everything it pooled on release', { skip: !asRoot && 'tmpfs run folders need root' }, () => {
    const folder = makeRunFolder();
    folder.remove();
    releaseRunFolders();
    assert.equal(mounted(folder.root), false);
    assert.equal(existsSync(folder.root), false);
  });

  it('removes run folders a dead pysec process left mounted', { skip: !asRoot && 'tmpfs run folders need root' }, () => {
    // A pid that is not running: a short-lived child that has exited.
    const dead = spawnSync('/usr/bin/true').pid as number;
    const orphan = join(runs, `pysec-run-${dead}-orphan`);
    const alive = join(runs, `pysec-run-${process.ppid}-alive`);
    for (const dir of [orphan, alive]) {
      mkdirSync(dir);
      assert.equal(spawnSync('/usr/bin/mount', ['-t', 'tmpfs', '-o', 'size=1m', 'pysec-run', dir]).status, 0);
    }
    sweepOrphans();
    assert.equal(mounted(orphan), false, 'the dead process left it: unmounted');
    assert.equal(existsSync(orphan), false);
    assert.equal(mounted(alive), true, 'its owner still runs: left alone');
    spawnSync('/usr/bin/umount', ['-l', alive]);
  });
});
