import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { CATALOGUE } from './errors.ts';
import { editDistance, nearest } from './suggest.ts';

it('documents every error code in docs/errors.md', () => {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'errors.md'), 'utf8');
  for (const code of Object.keys(CATALOGUE)) assert.ok(doc.includes(code), `${code} is not in docs/errors.md`);
});

it('finds near misses and rejects far ones', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(nearest('sqli-lgoin', ['sqli-login', 'redos']), 'sqli-login');
  assert.equal(nearest('sqli', ['sqli-login', 'redos']), 'sqli-login');
  assert.equal(nearest('cryptography', ['sqli-login', 'redos']), undefined);
});
