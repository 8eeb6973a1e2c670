import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseJudgeVerdict } from './verdict-parse.ts';

it('accepts a well-formed verdict and keeps only known fields', () => {
  const v = parseJudgeVerdict(
    JSON.stringify({
      checks: [{ id: 'a', kind: 'attack', title: 't', passed: false, message: 'm', hidden: true, payload: 'p', extra: 1 }],
    }),
    false,
  );
  assert.equal(v.kind, 'checks');
  if (v.kind !== 'checks') return;
  assert.deepEqual(v.checks[0], { id: 'a', kind: 'attack', title: 't', passed: false, message: 'm', hidden: true, payload: 'p' });
});

it('turns anything malformed into an error, never a pass', () => {
  for (const text of ['', 'not json', '[]', '{"checks": [{"id": 1}]}', '{"checks": [{"id":"a","kind":"other","passed":true}]}', '{}']) {
    assert.equal(parseJudgeVerdict(text, false).kind, 'error', text);
  }
  assert.equal(parseJudgeVerdict('{"checks":[]}', true).kind, 'error');
});

it('reports judge crashes and setup failures separately', () => {
  assert.equal(parseJudgeVerdict('{"judge_error": "Traceback"}', false).kind, 'error');
  assert.equal(parseJudgeVerdict('{"checks": [], "setup_failed": {"message": "boom"}}', false).kind, 'setup-failed');
});
