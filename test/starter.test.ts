// When pysec's process starter (python/pysec_spawner) dies mid-check, the check ends with a
// "try again" error that does not blame the lab or the learner, nothing of it is left
// running, and the next check starts a new starter and passes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { it } from 'node:test';
import { checkLab, withOverlay } from '@pysec/judge';
import { onLaunch, sandboxInfo } from '@pysec/runner';
import { eventually, fixtureLab, sandboxProcesses, submission } from './helpers.ts';

/** This test process's own starter (other test files, run beside it, have theirs). */
function starterPids(): number[] {
  const out = execFileSync('pgrep', ['-P', String(process.pid), '-f', 'pysec_spawner'], { encoding: 'utf8' }).trim();
  return out ? out.split('\n').map(Number) : [];
}

it('a check whose process starter dies fails with a try-again error; the next one passes', { timeout: 60_000 }, async () => {
  const lab = fixtureLab('adder');
  const uids = new Set<number>();
  const stop = onLaunch(({ uid }) => uid !== undefined && uids.add(uid));
  // A program that hangs keeps the step running while the starter is killed.
  const hang = submission(lab, { 'app/calc.py': 'def add(a, b):\n    while True:\n        pass\n' });
  const running = checkLab(lab, hang);
  await eventually(() => {
    try {
      return starterPids().length > 0;
    } catch {
      return false;
    }
  });
  await new Promise((r) => setTimeout(r, 300));
  for (const pid of starterPids()) process.kill(pid, 'SIGKILL');
  const v = await running;
  stop();
  assert.equal(v.passed, false);
  const step = v.steps[0];
  assert.equal(step?.error?.code, 'PYSEC_ERR_SANDBOX_UNAVAILABLE', JSON.stringify(v).slice(0, 600));
  assert.match(step?.error?.message ?? '', /check again/);
  if (sandboxInfo().asRoot) assert.ok(await eventually(() => sandboxProcesses(uids).length === 0), 'a sandboxed process was left');
  const next = await checkLab(lab, withOverlay(lab, 'solution'));
  assert.equal(next.passed, true, JSON.stringify(next).slice(0, 600));
});
