// Lessons, quizzes and Markdown on a small course of our own (the real one may not have a
// lesson or quiz everywhere), and the web app's static files and fallback.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { linkAllowed, renderMarkdown } from './markdown.ts';
import { escapeHtml } from './static.ts';
import { type TestServer, testServer } from './test-support.ts';

const root = mkdtempSync(join(tmpdir(), 'pysec-server-course-'));
const content = join(root, 'content');
const web = join(root, 'web-dist');

function write(rel: string, text: string): void {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
}

write(
  'content/basics/module.yaml',
  'format_version: 1\nid: basics\ntitle: Basics\norder: 1\nsummary: The first module of a test course.\nlabs: []\nlessons: [lessons/one.md, lessons/two.md]\n',
);
write(
  'content/basics/lessons/one.md',
  '# Lesson one\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1)) [data](data:text/html,x) [ok](https://example.org/a) [rel](other.md) [anchor](#top)\n',
);
write('content/basics/lessons/two.md', '## Part two\n\n```python\nprint("<b>")\n```\n');
write(
  'content/basics/quiz.yaml',
  `format_version: 1
module: basics
title: Basics quiz
questions:
  - id: first
    kind: choice
    prompt: Which one is right?
    options: [this one, that one, neither]
    answer: 1
    explanation: That one is right because the test says so.
  - id: spot
    kind: spot-the-bug
    prompt: Which line is the bug?
    code: "x = input()\\neval(x)"
    options: [line 1, line 2]
    answer: 1
    explanation: eval runs whatever the user typed.
`,
);
write('content/other/module.yaml', 'format_version: 1\nid: other\ntitle: Other\norder: 2\nsummary: A module with nothing in it yet.\n');
write('web-dist/index.html', '<!doctype html><title>pysec app</title><script src="/assets/app.js"></script>');
write('web-dist/assets/app.js', 'console.log("app");\n');
write('web-dist/.env', 'SECRET=1\n');

let s: TestServer;
before(async () => {
  s = await testServer({ contentRoot: content, webDist: web });
});
after(async () => {
  await s?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('markdown', () => {
  it('shows raw HTML as text and allows only http(s), relative and anchor links', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](https://ok.example/)');
    assert.ok(!html.includes('<img'), html);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.ok(!/href="javascript/i.test(html), html);
    assert.match(html, /<a href="https:\/\/ok.example\/" rel="noopener noreferrer">c<\/a>/);
    for (const url of ['https://x.example', 'http://x.example', 'page.md', '../up', '/abs', '#frag', '?q=1'])
      assert.ok(linkAllowed(url), url);
    for (const url of [
      'javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      'vbscript:x',
      '//evil.example',
      '\\\\evil',
      'mailto:a@b',
    ]) {
      assert.ok(!linkAllowed(url), url);
    }
  });

  it('escapes every special character in plain pages', () => {
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('lessons and quizzes', { concurrency: false }, () => {
  it('says which modules have a lesson and a quiz', async () => {
    const { body } = await s.json<{ modules: { id: string; hasLesson: boolean; hasQuiz: boolean }[]; progress: unknown }>(
      'GET',
      '/api/course',
    );
    assert.deepEqual(
      body.modules.map((m) => [m.id, m.hasLesson, m.hasQuiz]),
      [
        ['basics', true, true],
        ['other', false, false],
      ],
    );
    assert.deepEqual(body.progress, { passed: 0, total: 0 });
  });

  it('renders every lesson file of a module, safely', async () => {
    const { status, body } = await s.json<{ title: string; html: string }>('GET', '/api/modules/basics/lesson');
    assert.equal(status, 200);
    assert.equal(body.title, 'Basics');
    assert.match(body.html, /<h1>Lesson one<\/h1>/);
    assert.match(body.html, /<h2>Part two<\/h2>/);
    assert.ok(!body.html.includes('<script>'));
    assert.match(body.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(body.html, /print\(&quot;&lt;b&gt;&quot;\)/);
    assert.ok(!/href="(javascript|data):/i.test(body.html), body.html);
    assert.match(body.html, /href="https:\/\/example.org\/a"/);
    assert.match(body.html, /href="other.md"/);
    assert.match(body.html, /href="#top"/);
    const none = await s.json<{ error: { code: string } }>('GET', '/api/modules/other/lesson');
    assert.equal(none.status, 404);
    assert.equal(none.body.error.code, 'PYSEC_ERR_NOT_FOUND');
  });

  it('sends quiz questions without answers or explanations', async () => {
    const res = await s.call('GET', '/api/modules/basics/quiz');
    assert.equal(res.statusCode, 200);
    const quiz = res.json<{ title: string; questions: Record<string, unknown>[] }>();
    assert.equal(quiz.title, 'Basics quiz');
    assert.deepEqual(Object.keys(quiz.questions[0] ?? {}).sort(), ['id', 'kind', 'options', 'prompt']);
    assert.deepEqual(Object.keys(quiz.questions[1] ?? {}).sort(), ['code', 'id', 'kind', 'options', 'prompt']);
    assert.ok(!res.body.includes('"answer"'));
    assert.ok(!res.body.includes('"explanation"'));
    assert.ok(!res.body.includes('test says so'));
    const none = await s.json<{ error: { code: string } }>('GET', '/api/modules/other/quiz');
    assert.deepEqual([none.status, none.body.error.code], [404, 'PYSEC_ERR_QUIZ_UNKNOWN']);
  });

  it('grades an answer and only then reveals the right one', async () => {
    const wrong = await s.json('POST', '/api/modules/basics/quiz/first', { answer: 0 });
    assert.deepEqual(wrong, {
      status: 200,
      body: { correct: false, answer: 1, explanation: 'That one is right because the test says so.' },
    });
    const before = await s.json<{ answeredCorrectly: string[] }>('GET', '/api/modules/basics/quiz');
    assert.deepEqual(before.body.answeredCorrectly, []);
    const right = await s.json<{ correct: boolean }>('POST', '/api/modules/basics/quiz/first', { answer: 1 });
    assert.equal(right.body.correct, true);
    const after = await s.json<{ answeredCorrectly: string[] }>('GET', '/api/modules/basics/quiz');
    assert.deepEqual(after.body.answeredCorrectly, ['first']);
    const unknown = await s.json<{ error: { code: string } }>('POST', '/api/modules/basics/quiz/nope', { answer: 0 });
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'PYSEC_ERR_QUIZ_UNKNOWN']);
    const badModule = await s.json<{ error: { code: string; message: string } }>('POST', '/api/modules/basic/quiz/first', { answer: 0 });
    assert.equal(badModule.status, 404);
    assert.match(badModule.body.error.message, /Did you mean "basics"/);
    for (const body of [{ answer: 3 }, { answer: -1 }, { answer: 1.5 }, { answer: '1' }, { answer: 1, extra: 1 }, {}, null]) {
      const res = await s.json<{ error: { code: string } }>('POST', '/api/modules/basics/quiz/first', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'PYSEC_ERR_USAGE');
    }
  });
});

describe('web app files', { concurrency: false }, () => {
  it('serves the built app without a token, and index.html for app routes', async () => {
    const index = await s.call('GET', '/', undefined, { authorization: undefined });
    assert.equal(index.statusCode, 200);
    assert.match(index.body, /pysec app/);
    assert.match(String(index.headers['content-security-policy']), /script-src 'self'/);
    const js = await s.call('GET', '/assets/app.js', undefined, { authorization: undefined });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    for (const route of ['/labs/sqli-login', '/modules/basics/quiz']) {
      const res = await s.call('GET', route, undefined, { authorization: undefined });
      assert.equal(res.statusCode, 200, route);
      assert.match(res.body, /pysec app/, route);
    }
  });

  it('never serves dotfiles or files outside the build, and keeps API 404s JSON', async () => {
    for (const url of ['/.env', '/assets/../.env', '/%2e%2e/content/basics/quiz.yaml', '/..%2f..%2fetc/passwd']) {
      const res = await s.call('GET', url, undefined, { authorization: undefined });
      assert.ok(!res.body.includes('SECRET=1'), url);
      assert.ok(!res.body.includes('answer:'), url);
      assert.ok(!res.body.includes('root:'), url);
    }
    const post = await s.call('POST', '/labs/x', {}, { authorization: undefined });
    assert.equal(post.statusCode, 404);
    assert.equal(post.json().error.code, 'PYSEC_ERR_NOT_FOUND');
  });

  it('explains how to build the app when there is none, escaping what it shows', async () => {
    const bare = await testServer({ contentRoot: content, webDist: join(root, '<b>not-built</b>') });
    try {
      const res = await bare.call('GET', '/', undefined, { authorization: undefined });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /npm run build:web/);
      assert.match(res.body, /&lt;b&gt;not-built&lt;\/b&gt;/);
      assert.ok(!res.body.includes('<b>'));
      assert.equal(res.headers['x-frame-options'], 'DENY');
    } finally {
      await bare.close();
    }
  });
});
