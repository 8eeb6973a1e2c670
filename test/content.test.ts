// Every lab in content/ proves itself through the real judge (see packages/judge/src/prove.ts),
// and the course keeps to the curriculum contract (docs/curriculum/lab-ids.txt).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { formatIssues, loadQuiz, scanCourse } from '@pysec/core';
import { proveLab } from '@pysec/judge';
import { contentDir, pythonEnv, REPO_ROOT } from '@pysec/runner';

const { course, issues } = scanCourse(contentDir());

const contract = new Map<string, string>();
for (const line of readFileSync(join(REPO_ROOT, 'docs', 'curriculum', 'lab-ids.txt'), 'utf8').split('\n')) {
  const [mod, lab] = line.trim().split(/\s+/);
  if (!mod || mod.startsWith('#') || !lab || lab === '-') continue;
  contract.set(lab, mod);
}

describe('course content', () => {
  it('has valid metadata and files', () => {
    assert.equal(issues.length, 0, formatIssues(issues));
    assert.ok(course.labs.size >= 4);
  });

  it('uses only lab IDs from the curriculum contract, in their module', () => {
    for (const lab of course.labs.values()) {
      assert.ok(contract.has(lab.spec.id), `${lab.spec.id} is not a curriculum lab ID`);
      assert.equal(lab.spec.module, contract.get(lab.spec.id), `${lab.spec.id} belongs in ${contract.get(lab.spec.id)}`);
    }
  });

  it('gives every fix step at least two alternative fixes and four known-bad fixes per lab', () => {
    for (const lab of course.labs.values()) {
      assert.ok(lab.spec.bad_fixes.length >= 4, `${lab.spec.id} has ${lab.spec.bad_fixes.length} known-bad fixes`);
      if (lab.spec.steps.some((s) => s.kind === 'fix')) {
        assert.ok(lab.spec.alternative_fixes.length >= 2, `${lab.spec.id} has ${lab.spec.alternative_fixes.length} alternative fixes`);
      }
    }
  });
});

// "What does this print?" questions prove themselves: the code runs with the lab Python and
// must print the marked option. Several lines of output are written "a / b" in an option,
// and a trailing "(…)" note in the option is not part of the output.
describe('every quiz output question prints its marked answer', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pysec-quiz-'));
  after(() => rmSync(cwd, { recursive: true, force: true }));
  for (const mod of course.modules) {
    const quiz = loadQuiz(mod.dir);
    for (const q of quiz?.questions.filter((x) => x.kind === 'output') ?? []) {
      it(`${mod.spec.id}/${q.id}`, () => {
        const r = spawnSync(pythonEnv().python, ['-I', '-c', q.code ?? ''], { cwd, encoding: 'utf8', timeout: 30_000 });
        assert.equal(r.status, 0, r.stderr);
        const printed = r.stdout.trim().split('\n').join(' / ');
        const marked = (q.options[q.answer] ?? '').replace(/\s*\([^()]*\)$/, '').trim();
        assert.equal(printed, marked);
      });
    }
  }
});

describe('every lab proves itself through the real judge', { concurrency: 2 }, () => {
  for (const lab of course.labs.values()) {
    it(lab.spec.id, { timeout: 600_000 }, async () => {
      const results = await proveLab(lab);
      const failed = results.filter((r) => !r.ok);
      assert.equal(failed.length, 0, failed.map((r) => `${r.case}: ${r.problem}`).join('\n'));
      assert.ok(results.length >= 3);
    });
  }
});
