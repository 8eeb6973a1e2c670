// The engine against the fixture course (test/fixtures/course): labs that pass, fail, hang,
// crash and misbehave, exploit steps over HTTP with an allowlist, hidden-input redaction,
// and a lab whose judge is broken.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findLab, scanCourse } from '@pysec/core';
import { checkLab, proveLab, withOverlay } from '@pysec/judge';
import { FIXTURES, fixtureCourse, fixtureLab, submission } from './helpers.ts';

describe('engine on the fixture course', { concurrency: 2 }, () => {
  for (const id of ['adder', 'webapp']) {
    it(`${id} proves itself`, { timeout: 120_000 }, async () => {
      const results = await proveLab(fixtureCourse().labs.get(id) as never);
      const failed = results.filter((r) => !r.ok);
      assert.equal(failed.length, 0, failed.map((r) => `${r.case}: ${r.problem}`).join('\n'));
    });
  }

  it('runs CLI programs, HTTP requests and exploits through the broker', async () => {
    const lab = fixtureLab('webapp');
    const v = await checkLab(lab, withOverlay(lab, 'solution'), { revealHidden: true });
    assert.equal(v.passed, true, JSON.stringify(v, null, 1));
    assert.deepEqual(
      v.steps.map((s) => s.step),
      ['exploit', 'fix'],
    );
    assert.ok(v.steps[1]?.checks.some((c) => c.id === 'cli' && c.passed));
  });

  it('keeps an exploit to the interface its step allows', async () => {
    const lab = fixtureLab('webapp');
    const exploit = [
      'from pysec_client import target',
      'try:',
      '    target.call("app.web:_note")',
      'except PermissionError as err:',
      '    print("DENIED", err)',
      'print(target.http("GET", "/greet?name=x").status)',
    ].join('\n');
    const v = await checkLab(lab, submission(lab, { 'exploit.py': exploit }), { step: 'exploit' });
    const check = v.steps[0]?.checks[0];
    assert.equal(check?.passed, false);
    const output = String(check?.details?.output ?? '');
    assert.match(output, /DENIED an attacker cannot do call app\.web:_note here; what you can reach: target\.http/);
    assert.match(output, /200/);
  });

  it('shows a hidden variant message without its input until the lab is passed', async () => {
    const lab = fixtureLab('webapp');
    const files = withOverlay(lab, 'solution', 'bad-fixes/strip-script');
    const v = await checkLab(lab, files, { step: 'fix' });
    const hidden = v.steps[0]?.checks.find((c) => c.id === 'escapes-markup');
    assert.equal(hidden?.passed, false);
    assert.equal(hidden?.payload, undefined);
    assert.equal(hidden?.payloadWithheld, true);
    assert.match(hidden?.message ?? '', /‹hidden input›/);
    assert.doesNotMatch(hidden?.message ?? '', /onerror/);
    const revealed = await checkLab(lab, files, { step: 'fix', revealHidden: true });
    assert.match(revealed.steps[0]?.checks.find((c) => c.id === 'escapes-markup')?.payload ?? '', /onerror/);
  });

  it('blames the lab, not the learner, when a judge crashes', async () => {
    const lab = fixtureLab('broken-judge');
    const v = await checkLab(lab, withOverlay(lab, 'solution'));
    assert.equal(v.passed, false);
    assert.equal(v.steps[0]?.error?.code, 'PYSEC_ERR_JUDGE_CRASHED');
    assert.match(v.steps[0]?.error?.message ?? '', /bug in the lab, not in your code/);
  });

  it('judges the steps of a check side by side in one judge process, each on its own', async () => {
    // The exploit step's judge breaks at import; the fix step's judge, forked from the same
    // judge process, must still give its own full verdict.
    const root = mkdtempSync(join(tmpdir(), 'pysec-judge-host-'));
    try {
      cpSync(FIXTURES, root, { recursive: true });
      const judge = join(root, 'basics', 'webapp', 'judge', 'exploit.py');
      writeFileSync(judge, `raise RuntimeError("judge bug on purpose")\n${readFileSync(judge, 'utf8')}`);
      const lab = findLab(scanCourse(root).course, 'webapp');
      const v = await checkLab(lab, withOverlay(lab, 'solution'), { revealHidden: true });
      const [exploit, fix] = v.steps;
      assert.equal(exploit?.error?.code, 'PYSEC_ERR_JUDGE_CRASHED');
      assert.equal(fix?.passed, true, JSON.stringify(fix).slice(0, 800));
      assert.ok((fix?.checks.length ?? 0) > 1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('turns a hang into a failed check with a reason, and keeps judging', async () => {
    const lab = fixtureLab('adder');
    const v = await checkLab(lab, submission(lab, { 'app/calc.py': 'def add(a, b):\n    while True:\n        pass\n' }));
    const [adds, evil] = v.steps[0]?.checks ?? [];
    assert.match(adds?.message ?? '', /did not answer within 1 s/);
    assert.ok(evil, 'the judge went on to the next check');
  });
});
