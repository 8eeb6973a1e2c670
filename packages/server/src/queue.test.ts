// The check queue on its own, then through the API with real checks: a burst waits its turn
// and nothing is lost; beyond PYSEC_QUEUE_MAX the API answers 503.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Verdict } from '@pysec/core';
import { startServer } from './index.ts';
import { CheckQueue } from './queue.ts';
import { parseEvents, TOKEN, testServer } from './test-support.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('CheckQueue', () => {
  it('runs at most `slots` tasks, in order, reporting places in line', async () => {
    const q = new CheckQueue(2, 10);
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    const moves: [number, number][] = [];
    const positions = gates.map((gate, i) =>
      q.add({
        run: async () => {
          started.push(i);
          await gate.promise;
        },
        moved: (pos) => moves.push([i, pos]),
        cancelled: () => assert.fail('nothing is cancelled'),
      }),
    );
    assert.deepEqual(positions, [0, 0, 1, 2, 3]);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1]);
    assert.equal(q.runningCount, 2);
    gates[0]?.resolve();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1, 2]);
    assert.deepEqual(moves, [
      [3, 1],
      [4, 2],
    ]);
    for (const g of gates) g.resolve();
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
    assert.equal(q.runningCount, 0);
    assert.equal(q.waitingCount, 0);
  });

  it('refuses beyond the limit, frees the slot of a failing task, cancels waiting tasks on close', async () => {
    const q = new CheckQueue(1, 1);
    const gate = deferred();
    let cancelled = 0;
    q.add({ run: () => gate.promise, moved: () => undefined, cancelled: () => cancelled++ });
    assert.equal(q.add({ run: async () => undefined, moved: () => undefined, cancelled: () => cancelled++ }), 1);
    assert.throws(
      () => q.add({ run: async () => undefined, moved: () => undefined, cancelled: () => undefined }),
      (err: Error & { code?: string; hint?: string }) => err.code === 'PYSEC_ERR_QUEUE_FULL' && err.hint === 'try again in a few seconds',
    );
    const failing = new CheckQueue(1, 5);
    let ran = false;
    failing.add({ run: async () => Promise.reject(new Error('boom')), moved: () => undefined, cancelled: () => undefined });
    failing.add({
      run: async () => {
        ran = true;
      },
      moved: () => undefined,
      cancelled: () => undefined,
    });
    await new Promise((r) => setTimeout(r, 10));
    assert.ok(ran, 'a failing task freed its slot');
    const closing = q.close(50);
    assert.equal(cancelled, 1);
    gate.resolve();
    await closing;
    assert.throws(() => q.add({ run: async () => undefined, moved: () => undefined, cancelled: () => undefined }), /stopping/);
  });
});

describe('checks through the API', { concurrency: false }, () => {
  it('runs a burst of 6 checks with 1 slot: positions reported, every one ends in a verdict', async () => {
    const s = await testServer({ checkSlots: 1 });
    try {
      const accepted = [];
      for (let i = 0; i < 6; i++) {
        const res = await s.json<{ checkId: string; position: number }>('POST', '/api/labs/sqli-login/checks', {});
        assert.equal(res.status, 202);
        accepted.push(res.body);
      }
      assert.deepEqual(
        accepted.map((a) => a.position),
        [0, 1, 2, 3, 4, 5],
      );
      assert.equal(new Set(accepted.map((a) => a.checkId)).size, 6);
      const waiting = await s.json<{ state: string; position: number }>('GET', `/api/checks/${accepted[5]?.checkId}`);
      assert.deepEqual(waiting.body, { state: 'queued', position: 5 });
      const streams = await Promise.all(accepted.map((a) => s.call('GET', `/api/checks/${a.checkId}/events`)));
      for (const [i, stream] of streams.entries()) {
        const events = parseEvents(stream.body);
        const names = events.map((e) => e.event);
        assert.equal(names.at(-1), 'verdict', `check ${i}: ${names.join(',')}`);
        assert.equal((events.at(-1)?.data as { verdict?: Verdict } | undefined)?.verdict?.passed, false);
        assert.ok(names.includes('started'), `check ${i}`);
        // Waited its turn: its place in line counted down by one to 1 before it started (the
        // first places may have passed before the stream was opened).
        const places = events.filter((e) => e.event === 'queued').map((e) => (e.data as { position: number }).position);
        assert.deepEqual(
          places,
          Array.from({ length: places.length }, (_, k) => places.length - k),
          `check ${i}`,
        );
        assert.ok((places[0] ?? 0) <= i);
        if (i === 5) assert.ok(places.length >= 3, `the last check saw its place in line: ${places.join(',')}`);
      }
      for (const a of accepted) {
        assert.equal((await s.json<{ state: string }>('GET', `/api/checks/${a.checkId}`)).body.state, 'done');
      }
    } finally {
      await s.close();
    }
  });

  it('answers 503 with a hint when PYSEC_QUEUE_MAX checks already wait', async () => {
    const s = await testServer({ checkSlots: 1, env: { PYSEC_QUEUE_MAX: '1' } });
    try {
      const first = await s.json<{ checkId: string; position: number }>('POST', '/api/labs/sqli-login/checks', {});
      const second = await s.json<{ checkId: string; position: number }>('POST', '/api/labs/sqli-login/checks', {});
      assert.deepEqual([first.status, first.body.position, second.status, second.body.position], [202, 0, 202, 1]);
      const third = await s.call('POST', '/api/labs/sqli-login/checks', {});
      assert.equal(third.statusCode, 503);
      assert.equal(third.headers['retry-after'], '5');
      assert.deepEqual(
        { code: third.json().error.code, hint: third.json().error.hint },
        { code: 'PYSEC_ERR_QUEUE_FULL', hint: 'try again in a few seconds' },
      );
      for (const c of [first.body, second.body]) {
        const events = parseEvents((await s.call('GET', `/api/checks/${c.checkId}/events`)).body);
        assert.equal(events.at(-1)?.event, 'verdict');
      }
      // Room again once the line has moved.
      assert.equal((await s.call('POST', '/api/labs/sqli-login/checks', {})).statusCode, 202);
    } finally {
      await s.close();
    }
  });
});

describe('shutdown', () => {
  it('prints the address, and stops with a stream open, a check running and one waiting', async () => {
    const gate = deferred();
    const lines: string[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'pysec-server-stop-'));
    const server = await startServer({
      port: 0,
      token: TOKEN,
      dataDir,
      webDist: join(dataDir, 'none'),
      checkSlots: 1,
      out: (line) => lines.push(line),
      logError: () => undefined,
      runCheck: async () => {
        await gate.promise;
        throw new Error('stopped');
      },
    });
    try {
      assert.match(lines[0] ?? '', new RegExp(`^pysec is running at http://127\\.0\\.0\\.1:\\d+/#token=${TOKEN}$`));
      assert.ok(lines.some((l) => l.includes('Ctrl-C')));
      const base = new URL(server.url);
      const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
      const post = () => fetch(new URL('/api/labs/sqli-login/checks', base), { method: 'POST', headers, body: '{}' }).then((r) => r.json());
      const first = (await post()) as { checkId: string };
      const second = (await post()) as { checkId: string; position: number };
      assert.equal(second.position, 1);
      // Read as a browser app does: fetch with the token, then the body as a stream.
      const res = await fetch(new URL(`/api/checks/${first.checkId}/events`, base), { headers });
      assert.equal(res.status, 200);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const firstChunk = new TextDecoder().decode((await reader.read()).value);
      assert.match(firstChunk, /^event: started\ndata: \{\}\n\n/);
      const closing = server.close();
      // The open stream ends (the server does not wait for it) …
      for (;;) if ((await reader.read()).done) break;
      // … and the running check may finish before the store closes.
      gate.resolve();
      await closing;
    } finally {
      gate.resolve();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
