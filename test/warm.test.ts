// Warm sandboxes (packages/judge/src/warm.ts): a check that finds its processes already
// started gets the same verdict as a cold one, each kit serves one step (a judge kit: one
// check) only, nothing of a kit outlives its check, and idle kits hold none of a check's files.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkLab, drainKits, idleKitFolders, useWarmKits, warmStats, withOverlay } from '@pysec/judge';
import { onLaunch, sandboxInfo } from '@pysec/runner';
import { eventually, fixtureLab, sandboxProcesses } from './helpers.ts';

useWarmKits(1);
after(() => drainKits());

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('warm sandboxes', { skip: sandboxInfo().kind !== 'bwrap' && 'warm sandboxes exist only with bubblewrap' }, () => {
  it('give the same verdicts as cold starts, one kit per step, nothing left behind', { timeout: 120_000 }, async () => {
    const lab = fixtureLab('webapp');
    const files = withOverlay(lab, 'solution');
    const summary = (v: Awaited<ReturnType<typeof checkLab>>) =>
      v.steps.map((s) => [s.step, s.passed, s.checks.map((c) => `${c.id}:${c.passed}`).join(',')]);

    const cold = await checkLab(lab, files, { revealHidden: true });
    assert.equal(cold.passed, true, JSON.stringify(cold).slice(0, 1500));
    await pause(800); // the kits for both steps start while nothing runs
    const before = warmStats();
    const uids = new Set<number>();
    const stop = onLaunch(({ uid }) => uid !== undefined && uids.add(uid));
    const warm = await checkLab(lab, files, { revealHidden: true });
    stop();
    const after = warmStats();
    assert.deepEqual(summary(warm), summary(cold));
    assert.equal(after.claimed - before.claimed, 3, 'both steps and the judge found a kit');
    // Claimed processes were announced to launch listeners, and are gone after the check.
    if (sandboxInfo().asRoot) {
      assert.ok(uids.size >= 4, `the check's processes were announced (${uids.size})`);
      assert.ok(await eventually(() => sandboxProcesses(uids).length === 0), 'a process of the check was left');
    }
    // A failing learner file in a warm check is judged as in a cold one.
    const broken = new Map(files);
    broken.set('app/web.py', Buffer.from('raise RuntimeError("broken on purpose")\n'));
    await pause(800);
    const bad = await checkLab(lab, broken, { step: 'fix' });
    assert.equal(bad.passed, false);
    assert.match(JSON.stringify(bad), /broken on purpose/);
  });

  it('keep no file of any check in an idle kit', async () => {
    await pause(800);
    const folders = idleKitFolders();
    assert.ok(folders.length > 0, 'kits are waiting');
    for (const root of folders)
      for (const part of readdirSync(root)) assert.deepEqual(readdirSync(join(root, part)), [], `${root}/${part}`);
  });
});
