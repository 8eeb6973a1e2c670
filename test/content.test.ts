// Every lab in content/ proves itself through the real judge (see packages/judge/src/prove.ts),
// and the course keeps to the curriculum contract (docs/curriculum/lab-ids.txt).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatIssues, scanCourse } from '@pysec/core';
import { proveLab } from '@pysec/judge';
import { contentDir, REPO_ROOT } from '@pysec/runner';

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
