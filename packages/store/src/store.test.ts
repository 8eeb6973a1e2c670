// Contract tests every ProgressStore backend must pass (SQLite now; PostgreSQL later runs the same cases).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Verdict } from '@pysec/core';
import { openStore } from './store.ts';

const verdict = (lab: string, passed: boolean, stepsPassed: string[] = []): Verdict => ({
  lab,
  passed,
  sandboxed: true,
  durationMs: 12,
  steps: ['exploit', 'fix'].map((s) => ({
    step: s,
    kind: s as 'exploit' | 'fix',
    title: s,
    passed: stepsPassed.includes(s),
    checks: [],
    durationMs: 5,
  })),
});

describe('ProgressStore (sqlite)', () => {
  it('starts empty and records a start', async () => {
    const store = await openStore(':memory:');
    assert.deepEqual(await store.allProgress('me'), []);
    await store.markStarted('me', 'sqli-login');
    const p = await store.progress('me', 'sqli-login');
    assert.ok(p.startedAt);
    assert.equal(p.passedAt, null);
    await store.close();
  });

  it('records checks, steps and a pass; keeps the first pass time', async () => {
    const store = await openStore(':memory:');
    await store.recordCheck('me', verdict('redos', false, ['exploit']));
    let p = await store.progress('me', 'redos');
    assert.equal(p.checks, 1);
    assert.deepEqual(p.stepsPassed, ['exploit']);
    assert.equal(p.passedAt, null);
    await store.recordCheck('me', verdict('redos', true, ['exploit', 'fix']));
    p = await store.progress('me', 'redos');
    const firstPass = p.passedAt;
    assert.ok(firstPass);
    assert.deepEqual(p.stepsPassed.sort(), ['exploit', 'fix']);
    await store.recordCheck('me', verdict('redos', false));
    p = await store.progress('me', 'redos');
    assert.equal(p.passedAt, firstPass, 'a later failing check does not undo a pass');
    assert.equal(p.checks, 3);
    assert.equal((await store.lastVerdict('me', 'redos'))?.passed, false);
    await store.close();
  });

  it('shows hints one at a time, never more than exist', async () => {
    const store = await openStore(':memory:');
    assert.equal(await store.nextHint('me', 'x', 2), 1);
    assert.equal(await store.nextHint('me', 'x', 2), 2);
    assert.equal(await store.nextHint('me', 'x', 2), 2);
    await store.close();
  });

  it('keeps the latest quiz answer per question and counts right ones per module', async () => {
    const store = await openStore(':memory:');
    assert.deepEqual(await store.quizProgress('me'), []);
    await store.recordQuizAnswer('me', 'injection', 'q1', 2, false);
    await store.recordQuizAnswer('me', 'injection', 'q2', 0, true);
    await store.recordQuizAnswer('me', 'injection', 'q1', 1, true);
    await store.recordQuizAnswer('me', 'basics', 'q1', 3, false);
    await store.recordQuizAnswer('you', 'basics', 'q1', 0, true);
    assert.deepEqual(await store.quizProgress('me'), [
      { moduleId: 'basics', answered: 1, correct: 0, correctIds: [] },
      { moduleId: 'injection', answered: 2, correct: 2, correctIds: ['q1', 'q2'] },
    ]);
    await store.close();
  });

  it('keeps learners apart', async () => {
    const store = await openStore(':memory:');
    await store.recordCheck('ann', verdict('x', true, ['fix']));
    assert.deepEqual(await store.allProgress('bob'), []);
    await store.close();
  });

  it('persists across reopening a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pysec-store-'));
    try {
      const file = join(dir, 'p.db');
      const a = await openStore(file);
      await a.recordCheck('me', verdict('x', true, ['fix']));
      await a.close();
      const b = await openStore(file);
      assert.ok((await b.progress('me', 'x')).passedAt);
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an unusable location as PYSEC_ERR_STORE with a next step', async () => {
    // A folder path that runs through a regular file cannot be created.
    const dir = mkdtempSync(join(tmpdir(), 'pysec-store-'));
    writeFileSync(join(dir, 'file'), '');
    await assert.rejects(openStore(join(dir, 'file', 'sub', 'p.db')), (err: Error & { code?: string; hint?: string }) => {
      assert.equal(err.code, 'PYSEC_ERR_STORE');
      assert.match(err.hint ?? '', /PYSEC_HOME/);
      return true;
    });
    rmSync(dir, { recursive: true, force: true });
  });
});
