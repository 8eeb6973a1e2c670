import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { findLab, loadCourse, scanCourse } from './content.ts';
import type { PysecError } from './errors.ts';

const fixtures = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'course');
const temp = mkdtempSync(join(tmpdir(), 'pysec-content-'));
after(() => rmSync(temp, { recursive: true, force: true }));

function copyWith(edit: (labYaml: string) => string): string {
  const dir = mkdtempSync(join(temp, 'c-'));
  cpSync(fixtures, dir, { recursive: true });
  const file = join(dir, 'basics', 'adder', 'lab.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

describe('content loader', () => {
  it('loads the fixture course in module order', () => {
    const course = loadCourse(fixtures);
    assert.deepEqual(
      course.modules.map((m) => m.spec.id),
      ['basics'],
    );
    assert.equal(findLab(course, 'adder').kind, 'fix');
  });

  it('names the file, the field and what is expected for a wrong value', () => {
    const { issues } = scanCourse(copyWith((y) => y.replace('kind: fix', 'kind: fixx')));
    const issue = issues.find((i) => i.field === 'steps[0].kind');
    assert.ok(issue, JSON.stringify(issues));
    assert.equal(issue.file, join('basics', 'adder', 'lab.yaml'));
    assert.match(issue.message, /exploit|fix/);
    assert.match(issue.message, /fixx/);
  });

  it('reports a missing required field and an unknown one', () => {
    const { issues } = scanCourse(copyWith((y) => y.replace(/^difficulty: 1\n/m, '').concat('colour: blue\n')));
    assert.ok(issues.some((i) => i.field === 'difficulty'));
    assert.ok(issues.some((i) => /colour/.test(i.message) && /format_version 1/.test(i.message)));
  });

  it('reports YAML syntax errors with a line number', () => {
    const { issues } = scanCourse(copyWith((y) => `${y}\nhints: [unclosed\n`));
    assert.ok(
      issues.some((i) => /YAML syntax error at line \d+/.test(i.message)),
      JSON.stringify(issues),
    );
  });

  it('reports files the metadata refers to that do not exist, and folders it does not list', () => {
    const dir = copyWith((y) => y.replace('judge/fix.py', 'judge/missing.py'));
    cpSync(join(dir, 'basics', 'adder', 'bad-fixes', 'hangs'), join(dir, 'basics', 'adder', 'bad-fixes', 'stray'), { recursive: true });
    const { issues } = scanCourse(dir);
    assert.ok(issues.some((i) => i.field === 'steps[0].judge' && /judge\/missing\.py/.test(i.message)));
    assert.ok(issues.some((i) => /bad-fixes\/stray exists but is not listed/.test(i.message)));
  });

  it('loadCourse throws one error listing every problem', () => {
    const dir = copyWith((y) => y.replace('format_version: 1', 'format_version: 2'));
    assert.throws(
      () => loadCourse(dir),
      (err: PysecError) => err.code === 'PYSEC_ERR_CONTENT_INVALID' && /format_version/.test(err.message),
    );
  });

  it('suggests the nearest lab ID for a typo', () => {
    const course = loadCourse(fixtures);
    assert.throws(
      () => findLab(course, 'addr'),
      (err: PysecError) => err.code === 'PYSEC_ERR_LAB_UNKNOWN' && /Did you mean "adder"/.test(err.message),
    );
  });
});
