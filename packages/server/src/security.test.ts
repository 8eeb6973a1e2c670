// The gates and settings on their own: token comparison, Host names, configuration refusals,
// and how a check that cannot run is reported.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PysecError } from '@pysec/core';
import { createServer } from './app.ts';
import { resolveConfig } from './config.ts';
import { allowedHostNames, bearerMatches, hostAllowed, isLoopback, makeToken } from './security.ts';
import { parseEvents, testServer } from './test-support.ts';

describe('token', () => {
  it('is 32 random bytes in hex, different each time', () => {
    const a = makeToken();
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.notEqual(a, makeToken());
  });

  it('matches only `Bearer <token>` exactly', () => {
    const t = makeToken();
    assert.ok(bearerMatches(`Bearer ${t}`, t));
    assert.ok(bearerMatches(`bearer ${t}`, t));
    for (const h of [
      undefined,
      '',
      t,
      `Bearer ${t} `,
      `Bearer  ${t}`,
      `Bearer ${t.slice(1)}`,
      `Bearer ${t}0`,
      `Bearer ${makeToken()}`,
      `Token ${t}`,
    ]) {
      assert.equal(bearerMatches(h, t), false, String(h));
    }
    // A malformed server token never matches anything (no accidental empty-token server).
    assert.equal(bearerMatches('Bearer ', ''), false);
  });
});

describe('Host check', () => {
  it('accepts loopback names with the right port only', () => {
    const names = allowedHostNames('127.0.0.1');
    assert.ok(hostAllowed('127.0.0.1:8457', names, 8457));
    assert.ok(hostAllowed('localhost:8457', names, 8457));
    assert.ok(hostAllowed('[::1]:8457', names, 8457));
    for (const h of [
      undefined,
      '',
      'localhost',
      '127.0.0.1:8458',
      'attacker.example:8457',
      '127.0.0.1.nip.io:8457',
      '127.0.0.1:8457:8457',
    ]) {
      assert.equal(hostAllowed(h, names, 8457), false, String(h));
    }
    assert.ok(hostAllowed('localhost', names, 80), 'browsers leave out port 80');
  });

  it('adds the listen address, and the machine’s own addresses for a wildcard, never a name', () => {
    assert.ok(hostAllowed('192.168.1.20:8457', allowedHostNames('192.168.1.20'), 8457));
    const all = allowedHostNames('0.0.0.0');
    assert.ok(all.has('127.0.0.1'));
    assert.ok(
      [...all].every((n) => n === 'localhost' || /^[\d.]+$|^\[[\da-f:.%a-z]+\]$/i.test(n)),
      [...all].join(' '),
    );
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.ok(isLoopback(h), h);
    for (const h of ['0.0.0.0', '::', '192.168.1.2', 'example.org', '128.0.0.1']) assert.ok(!isLoopback(h), h);
  });
});

describe('configuration', () => {
  it('refuses DATABASE_URL, bad numbers and unusable learner names', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err instanceof PysecError ? err.code : 'not a PysecError';
      }
      return 'no error';
    };
    assert.equal(
      code(() => resolveConfig({ env: { DATABASE_URL: 'postgres://x' } })),
      'PYSEC_ERR_DATABASE_UNSUPPORTED',
    );
    assert.equal(
      code(() => resolveConfig({ env: { PYSEC_CHECK_SLOTS: 'many' } })),
      'PYSEC_ERR_USAGE',
    );
    assert.equal(
      code(() => resolveConfig({ env: { PYSEC_CHECK_SLOTS: '0' } })),
      'PYSEC_ERR_USAGE',
    );
    assert.equal(
      code(() => resolveConfig({ env: { PYSEC_QUEUE_MAX: '-1' } })),
      'PYSEC_ERR_USAGE',
    );
    assert.equal(
      code(() => resolveConfig({ env: { PYSEC_PORT: '70000' } })),
      'PYSEC_ERR_USAGE',
    );
    assert.equal(
      code(() => resolveConfig({ env: {}, learner: '../root' })),
      'PYSEC_ERR_USAGE',
    );
    const ok = resolveConfig({ env: { PYSEC_CHECK_SLOTS: '3', PYSEC_QUEUE_MAX: '7', PYSEC_PORT: '9000' } });
    assert.deepEqual([ok.checkSlots, ok.queueMax, ok.port, ok.host, ok.learner], [3, 7, 9000, '127.0.0.1', 'local']);
  });

  it('createServer refuses DATABASE_URL before opening anything', async () => {
    const dataDir = join(tmpdir(), `pysec-never-made-${process.pid}`);
    await assert.rejects(createServer({ dataDir, env: { DATABASE_URL: 'postgres://db/pysec' } }), {
      code: 'PYSEC_ERR_DATABASE_UNSUPPORTED',
    });
    assert.ok(!existsSync(dataDir));
  });
});

describe('a check that cannot run', () => {
  it('ends its stream with an error event: the engine’s reason, or a generic one for a bug', async () => {
    let calls = 0;
    const logged: string[] = [];
    const s = await testServer({
      logError: (m) => logged.push(m),
      runCheck: async () => {
        calls++;
        if (calls === 1) throw new PysecError('PYSEC_ERR_LIBRARY_MISSING', 'Lab needs a library.', { hint: 'Run npm run setup.' });
        throw new Error('secret internal detail');
      },
    });
    try {
      for (const expected of [
        { code: 'PYSEC_ERR_LIBRARY_MISSING', message: 'Lab needs a library.', hint: 'Run npm run setup.' },
        {
          code: 'PYSEC_ERR_INTERNAL',
          message: 'The check could not run because of an error inside pysec.',
          hint: 'Check again; if it repeats, report it.',
        },
      ]) {
        const { body } = await s.json<{ checkId: string }>('POST', '/api/labs/sqli-login/checks', {});
        const events = parseEvents((await s.call('GET', `/api/checks/${body.checkId}/events`)).body);
        assert.deepEqual(events.at(-1), { event: 'error', data: expected });
        const status = await s.json<{ state: string; error: unknown }>('GET', `/api/checks/${body.checkId}`);
        assert.deepEqual(status.body, { state: 'failed', error: expected });
      }
      assert.equal(logged.length, 1);
      assert.match(logged[0] ?? '', /secret internal detail/);
    } finally {
      await s.close();
    }
  });
});
