// The API end to end through Fastify's inject, on the real course and the real judge, with
// progress and workspaces in a temporary data dir.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findLab, loadCourse, type Verdict } from '@pysec/core';
import { editableFiles } from '@pysec/judge';
import { contentDir } from '@pysec/runner';
import { HOST, PORT, parseEvents, type TestServer, TOKEN, testServer, WRONG_TOKEN } from './test-support.ts';

const LAB = 'sqli-login';
const lab = findLab(loadCourse(contentDir()), LAB);
const solutionFile = (rel: string) => readFileSync(join(lab.dir, 'solution', rel), 'utf8');

let s: TestServer;
before(async () => {
  s = await testServer();
});
after(async () => {
  await s?.close();
});

/** Every API route but health, with a body it would accept. */
const ROUTES: [string, string, unknown?][] = [
  ['GET', '/api/course'],
  ['GET', '/api/modules/injection/lesson'],
  ['GET', '/api/modules/injection/quiz'],
  ['POST', '/api/modules/injection/quiz/some-question', { answer: 0 }],
  ['GET', `/api/labs/${LAB}`],
  ['GET', `/api/labs/${LAB}/files`],
  ['PUT', `/api/labs/${LAB}/files`, { path: 'exploit.py', content: 'print(1)\n' }],
  ['POST', `/api/labs/${LAB}/reset`, {}],
  ['POST', `/api/labs/${LAB}/hint`, {}],
  ['POST', `/api/labs/${LAB}/checks`, {}],
  ['GET', '/api/checks/00000000-0000-4000-8000-000000000000/events'],
  ['GET', '/api/checks/00000000-0000-4000-8000-000000000000'],
  ['GET', `/api/labs/${LAB}/solution?confirm=1`],
  ['GET', '/api/no-such-route'],
];

async function runCheck(body: unknown = {}): Promise<{ checkId: string; events: ReturnType<typeof parseEvents> }> {
  const started = await s.json<{ checkId: string; position: number }>('POST', `/api/labs/${LAB}/checks`, body);
  assert.equal(started.status, 202, JSON.stringify(started.body));
  const stream = await s.call('GET', `/api/checks/${started.body.checkId}/events`);
  assert.equal(stream.statusCode, 200);
  assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
  return { checkId: started.body.checkId, events: parseEvents(stream.body) };
}

function finalVerdict(events: ReturnType<typeof parseEvents>): { verdict: Verdict; labPassed: boolean } {
  const last = events.at(-1);
  assert.equal(last?.event, 'verdict', JSON.stringify(events));
  return last.data as { verdict: Verdict; labPassed: boolean };
}

describe('pysec server', { concurrency: false }, () => {
  it('answers /api/health without a token', async () => {
    const res = await s.call('GET', '/api/health', undefined, { authorization: undefined });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.ok, true);
    assert.equal(typeof body.sandboxed, 'boolean');
    assert.equal(typeof body.sandboxNote, 'string');
  });

  it('requires the token on every other API route', async () => {
    const attempts: [string, Record<string, string | undefined>, string][] = [
      ['none', { authorization: undefined }, ''],
      ['wrong', { authorization: `Bearer ${WRONG_TOKEN}` }, ''],
      ['short', { authorization: `Bearer ${TOKEN.slice(0, 63)}` }, ''],
      ['no scheme', { authorization: TOKEN }, ''],
      ['basic', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }, ''],
      ['query string', { authorization: undefined }, `token=${TOKEN}`],
      ['cookie', { authorization: undefined, cookie: `token=${TOKEN}` }, ''],
    ];
    for (const [method, url, body] of ROUTES) {
      for (const [what, headers, query] of attempts) {
        const full = query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
        const res = await s.call(method as 'GET', full, body, headers);
        assert.equal(res.statusCode, 401, `${method} ${full} with ${what} token: ${res.body}`);
        assert.equal(res.json().error.code, 'PYSEC_ERR_AUTH');
      }
    }
    // However the path is spelled, the router decides the route and the token is still needed.
    for (const url of ['/%61pi/course', '/api/%63ourse', '/api//course', '/api/course/', '/API/course']) {
      const res = await s.call('GET', url, undefined, { authorization: undefined });
      assert.ok(!res.body.includes('"modules"'), `${url} leaked the course`);
      assert.ok(
        res.statusCode === 401 || res.statusCode === 404 || res.headers['content-type']?.includes('text/html'),
        `${url}: ${res.statusCode}`,
      );
    }
    assert.equal((await s.call('GET', '/api/course')).statusCode, 200);
  });

  it('sets the security headers on API, error and page responses', async () => {
    for (const [url, headers] of [
      ['/api/course', {}],
      ['/api/course', { authorization: undefined }],
      ['/api/labs/nope', {}],
      ['/', {}],
    ] as const) {
      const res = await s.call('GET', url, undefined, headers);
      const h = res.headers;
      assert.match(String(h['content-security-policy']), /default-src 'self'; script-src 'self'.*frame-ancestors 'none'/, url);
      assert.match(String(h['content-security-policy']), /object-src 'none'/);
      assert.equal(h['x-frame-options'], 'DENY');
      assert.equal(h['x-content-type-options'], 'nosniff');
      assert.equal(h['referrer-policy'], 'no-referrer');
      if (url.startsWith('/api')) assert.equal(h['cache-control'], 'no-store');
      assert.equal(h['set-cookie'], undefined);
      assert.equal(h['access-control-allow-origin'], undefined);
    }
  });

  it('answers only to its own Host (DNS rebinding)', async () => {
    for (const host of ['evil.example:8457', `127.0.0.1:${PORT + 1}`, '127.0.0.1', 'localhost.evil.example:8457', '']) {
      const res = await s.call('GET', '/api/course', undefined, { host });
      assert.equal(res.statusCode, 403, host);
      assert.equal(res.json().error.code, 'PYSEC_ERR_HOST');
    }
    const health = await s.call('GET', '/api/health', undefined, { host: 'rebind.example:8457' });
    assert.equal(health.statusCode, 403);
    for (const host of [HOST, `localhost:${PORT}`, `LOCALHOST:${PORT}`, `[::1]:${PORT}`]) {
      assert.equal((await s.call('GET', '/api/course', undefined, { host })).statusCode, 200, host);
    }
  });

  it('lists the course with every lab new', async () => {
    const { status, body } = await s.json<{
      title: string;
      modules: { id: string; order: number; hasLesson: boolean; hasQuiz: boolean; labs: { id: string; kind: string; status: string }[] }[];
      progress: { passed: number; total: number };
    }>('GET', '/api/course');
    assert.equal(status, 200);
    assert.equal(typeof body.title, 'string');
    const orders = body.modules.map((m) => m.order);
    assert.deepEqual(
      orders,
      [...orders].sort((a, b) => a - b),
    );
    const labs = body.modules.flatMap((m) => m.labs);
    const row = labs.find((l) => l.id === LAB);
    assert.deepEqual(row && { kind: row.kind, status: row.status }, { kind: 'exploit+fix', status: 'new' });
    assert.deepEqual(body.progress, { passed: 0, total: labs.length });
    for (const m of body.modules) {
      assert.equal(typeof m.hasLesson, 'boolean');
      assert.equal(typeof m.hasQuiz, 'boolean');
    }
  });

  it('describes a lab, its task rendered to HTML', async () => {
    const { status, body } = await s.json<Record<string, unknown>>('GET', `/api/labs/${LAB}`);
    assert.equal(status, 200);
    assert.equal(body.id, LAB);
    assert.equal(body.module, 'injection');
    assert.equal(body.kind, 'exploit+fix');
    assert.deepEqual(body.cwe, ['CWE-89']);
    assert.deepEqual(body.files, editableFiles(lab));
    assert.deepEqual(
      (body.steps as { id: string }[]).map((x) => x.id),
      ['exploit', 'fix'],
    );
    assert.match(String(body.taskHtml), /^<h1>/);
    assert.deepEqual(body.hints, []);
    assert.equal(body.hintsTotal, lab.spec.hints.length);
    assert.equal(body.status, 'new');
    assert.deepEqual(body.stepsPassed, []);
    assert.equal(body.lastVerdict, undefined);
    // Nothing of the hidden parts of the lab.
    assert.ok(!JSON.stringify(body).includes(lab.spec.solution.explanation.slice(0, 40)));
  });

  it('answers an unknown lab or module with 404 and the nearest ID, a malformed one with 400', async () => {
    const lab404 = await s.json<{ error: { code: string; message: string } }>('GET', '/api/labs/sqli-lgoin');
    assert.equal(lab404.status, 404);
    assert.equal(lab404.body.error.code, 'PYSEC_ERR_LAB_UNKNOWN');
    assert.match(lab404.body.error.message, /Did you mean "sqli-login"\?/);
    const files404 = await s.json<{ error: { code: string } }>('PUT', '/api/labs/sqli-lgoin/files', { path: 'exploit.py', content: '' });
    assert.equal(files404.status, 404);
    const mod404 = await s.json<{ error: { code: string; message: string } }>('GET', '/api/modules/injectoin/lesson');
    assert.equal(mod404.status, 404);
    assert.equal(mod404.body.error.code, 'PYSEC_ERR_MODULE_UNKNOWN');
    assert.match(mod404.body.error.message, /Did you mean "injection"\?/);
    for (const url of ['/api/labs/%3Cscript%3E', `/api/labs/${'a'.repeat(65)}`, '/api/labs/..%2F..%2Fetc']) {
      const res = await s.json<{ error: { code: string } }>('GET', url);
      assert.equal(res.status, 400, url);
      assert.equal(res.body.error.code, 'PYSEC_ERR_USAGE');
    }
  });

  it('keeps the learner files: get, save, reset with a backup', async () => {
    type Files = { files: { path: string; content: string; modified: boolean }[] };
    const first = await s.json<Files>('GET', `/api/labs/${LAB}/files`);
    assert.equal(first.status, 200);
    assert.deepEqual(
      first.body.files.map((f) => [f.path, f.modified]),
      editableFiles(lab).map((p) => [p, false]),
    );
    assert.equal(first.body.files[0]?.content, readFileSync(join(lab.dir, 'exploit.py'), 'utf8'));

    const mine = 'print("my exploit")\n';
    const saved = await s.json('PUT', `/api/labs/${LAB}/files`, { path: 'exploit.py', content: mine });
    assert.deepEqual(saved, { status: 200, body: { saved: true, modified: true } });
    const ws = join(s.dataDir, 'workspaces', 'local', LAB);
    assert.equal(readFileSync(join(ws, 'exploit.py'), 'utf8'), mine);
    const again = await s.json<Files>('GET', `/api/labs/${LAB}/files`);
    assert.deepEqual(
      again.body.files.find((f) => f.path === 'exploit.py'),
      { path: 'exploit.py', content: mine, modified: true },
    );

    const reset = await s.json<Files>('POST', `/api/labs/${LAB}/reset`, { path: 'exploit.py' });
    assert.equal(reset.status, 200);
    assert.equal(reset.body.files.find((f) => f.path === 'exploit.py')?.modified, false);
    const backups = readdirSync(join(ws, '.pysec', 'backup'));
    assert.equal(backups.length, 1);
    assert.equal(readFileSync(join(ws, '.pysec', 'backup', backups[0] ?? '', 'exploit.py'), 'utf8'), mine);

    const all = await s.json<Files>('POST', `/api/labs/${LAB}/reset`);
    assert.equal(all.status, 200);
    assert.ok(all.body.files.every((f) => !f.modified));
    // Opening the lab's files counts as starting it.
    assert.equal((await s.json<{ status: string }>('GET', `/api/labs/${LAB}`)).body.status, 'started');
  });

  it('refuses every path that is not an editable file of the lab', async () => {
    const ws = join(s.dataDir, 'workspaces', 'local', LAB);
    const bad = [
      '../../etc/passwd',
      '/etc/passwd',
      '../../../../../../../../etc/passwd',
      'judge/fix.py',
      'solution/app/accounts.py',
      'lab.yaml',
      'task.md',
      'app/main.py',
      'app/../exploit.py',
      './exploit.py',
      'app//accounts.py',
      '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app%2Faccounts.py',
      '..\\..\\etc\\passwd',
      'exploit.py\u0000',
      'exploit.py/',
      'EXPLOIT.PY',
      `${ws}/exploit.py`,
      '.pysec/lab.json',
    ];
    for (const path of bad) {
      const put = await s.json<{ error: { code: string } }>('PUT', `/api/labs/${LAB}/files`, { path, content: 'pwned = True\n' });
      assert.equal(put.status, 400, `PUT ${JSON.stringify(path)}: ${JSON.stringify(put.body)}`);
      assert.equal(put.body.error.code, 'PYSEC_ERR_USAGE');
      const reset = await s.json<{ error: { code: string } }>('POST', `/api/labs/${LAB}/reset`, { path });
      assert.equal(reset.status, 400, `reset ${JSON.stringify(path)}`);
    }
    for (const body of [{ path: 1, content: '' }, { path: 'exploit.py' }, { path: 'exploit.py', content: 5 }, [], 'text']) {
      const res = await s.json('PUT', `/api/labs/${LAB}/files`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    assert.ok(!existsSync(join(ws, 'etc')));
    assert.ok(!existsSync(join(ws, 'judge')));
    assert.ok(!readFileSync('/etc/passwd', 'utf8').includes('pwned'));
    assert.ok(!readFileSync(join(lab.dir, 'judge', 'fix.py'), 'utf8').includes('pwned'));
  });

  it('refuses files over 256 KiB and bodies over the limit with 413', async () => {
    const limit = 256 * 1024;
    const ok = await s.json('PUT', `/api/labs/${LAB}/files`, { path: 'exploit.py', content: 'x'.repeat(limit) });
    assert.equal(ok.status, 200);
    const over = await s.json<{ error: { code: string } }>('PUT', `/api/labs/${LAB}/files`, {
      path: 'exploit.py',
      content: 'x'.repeat(limit + 1),
    });
    assert.equal(over.status, 413);
    assert.equal(over.body.error.code, 'PYSEC_ERR_FILE_TOO_LARGE');
    // Multi-byte characters count as bytes.
    const wide = await s.json('PUT', `/api/labs/${LAB}/files`, { path: 'exploit.py', content: 'é'.repeat(limit / 2 + 1) });
    assert.equal(wide.status, 413);
    const huge = await s.json<{ error: { code: string } }>('PUT', `/api/labs/${LAB}/files`, {
      path: 'exploit.py',
      content: 'x'.repeat(1024 * 1024),
    });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.error.code, 'PYSEC_ERR_FILE_TOO_LARGE');
    assert.equal((await s.json('POST', `/api/labs/${LAB}/reset`)).status, 200);
  });

  it('shows one more hint per call', async () => {
    const one = await s.json<{ hints: string[]; total: number }>('POST', `/api/labs/${LAB}/hint`);
    assert.deepEqual([one.body.hints.length, one.body.total], [1, lab.spec.hints.length]);
    const two = await s.json<{ hints: string[] }>('POST', `/api/labs/${LAB}/hint`, {});
    assert.equal(two.body.hints.length, 2);
    assert.equal((await s.json<{ hints: string[] }>('GET', `/api/labs/${LAB}`)).body.hints.length, 2);
    assert.equal((await s.json('POST', `/api/labs/${LAB}/hint`, { more: true })).status, 400);
  });

  it('locks the solution before a pass unless confirmed', async () => {
    const locked = await s.json<{ error: { code: string } }>('GET', `/api/labs/${LAB}/solution`);
    assert.equal(locked.status, 403);
    assert.equal(locked.body.error.code, 'PYSEC_ERR_SOLUTION_LOCKED');
    assert.equal((await s.json('GET', `/api/labs/${LAB}/solution?confirm=yes`)).status, 400);
    assert.equal((await s.json('GET', `/api/labs/${LAB}/solution?other=1`)).status, 400);
  });

  it('checks the untouched lab: it fails, streamed as events', async () => {
    const { checkId, events } = await runCheck();
    assert.equal(events[0]?.event, 'started');
    assert.ok(events.some((e) => e.event === 'step' && e.data.phase === 'judge-started'));
    const { verdict, labPassed } = finalVerdict(events);
    assert.equal(verdict.lab, LAB);
    assert.equal(verdict.passed, false);
    assert.equal(labPassed, false);
    const status = await s.json<{ state: string; verdict: Verdict; labPassed: boolean }>('GET', `/api/checks/${checkId}`);
    assert.equal(status.body.state, 'done');
    assert.equal(status.body.labPassed, false);
    // A late subscriber gets the final event at once.
    const late = parseEvents((await s.call('GET', `/api/checks/${checkId}/events`)).body);
    assert.deepEqual(
      late.map((e) => e.event),
      ['verdict'],
    );
  });

  it('refuses an unknown step, check ID or malformed check ID', async () => {
    const step = await s.json<{ error: { code: string; hint: string } }>('POST', `/api/labs/${LAB}/checks`, { step: 'nope' });
    assert.equal(step.status, 400);
    assert.match(step.body.error.hint, /exploit, fix/);
    const unknown = await s.json<{ error: { code: string } }>('GET', '/api/checks/00000000-0000-4000-8000-000000000000/events');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'PYSEC_ERR_NOT_FOUND');
    assert.equal((await s.json('GET', '/api/checks/not-a-uuid')).status, 400);
  });

  it('passes with the reference solution uploaded through the API, and opens the solution', async () => {
    for (const path of editableFiles(lab)) {
      const res = await s.json('PUT', `/api/labs/${LAB}/files`, { path, content: solutionFile(path) });
      assert.equal(res.status, 200, path);
    }
    const one = await runCheck({ step: 'exploit' });
    assert.equal(finalVerdict(one.events).verdict.steps.length, 1);
    const { events } = await runCheck();
    const { verdict, labPassed } = finalVerdict(events);
    assert.equal(verdict.passed, true, JSON.stringify(verdict, null, 1).slice(0, 2000));
    assert.equal(labPassed, true);

    const details = await s.json<{ status: string; stepsPassed: string[]; lastVerdict: Verdict }>('GET', `/api/labs/${LAB}`);
    assert.equal(details.body.status, 'passed');
    assert.deepEqual([...details.body.stepsPassed].sort(), ['exploit', 'fix']);
    assert.equal(details.body.lastVerdict.passed, true);
    const course = await s.json<{ progress: { passed: number } }>('GET', '/api/course');
    assert.equal(course.body.progress.passed, 1);

    const sol = await s.json<{
      explanation: string;
      files: { path: string; content: string }[];
      badFixes: unknown[];
      alternatives: unknown[];
    }>('GET', `/api/labs/${LAB}/solution`);
    assert.equal(sol.status, 200);
    assert.equal(sol.body.files.find((f) => f.path === 'app/accounts.py')?.content, solutionFile('app/accounts.py'));
    assert.equal(sol.body.badFixes.length, lab.spec.bad_fixes.length);
    assert.equal(sol.body.alternatives.length, lab.spec.alternative_fixes.length);
  });
});
