import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { it } from 'node:test';
import { LineReader } from './line-reader.ts';

it('splits lines across chunks', async () => {
  const s = new PassThrough();
  const r = new LineReader(s, 100, () => {});
  s.write('{"a":');
  s.write('1}\n{"b":2}\n');
  s.end();
  assert.equal(await r.next(), '{"a":1}');
  assert.equal(await r.next(), '{"b":2}');
  assert.equal(await r.next(), null);
});

it('stops at a line longer than the cap instead of buffering it', async () => {
  const s = new PassThrough();
  let overflowed = false;
  const r = new LineReader(s, 10, () => {
    overflowed = true;
  });
  s.write('x'.repeat(50));
  assert.equal(await r.next(), null);
  assert.ok(overflowed);
});
