// The web app end to end: the real server (real engine, real sandbox, SQLite store) and the
// built SPA, driven in Debian's Chromium by playwright-core. A learner opens the course,
// solves sqli-login by typing the reference exploit and fix into the editor, checks and
// passes; a known-bad fix shows its failing check. Screenshots of the main screens go to
// $PYSEC_SCREENSHOT_DIR (default test-results/screenshots; `npm run screenshots` refreshes
// the committed set in docs/screenshots).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadQuiz } from '@pysec/core';
import { contentDir, REPO_ROOT } from '@pysec/runner';
import { type RunningServer, startServer } from '@pysec/server';
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const shots = process.env.PYSEC_SCREENSHOT_DIR ?? join(REPO_ROOT, 'test-results', 'screenshots');
const lab = join(contentDir(), 'injection', 'sqli-login');
const dataDir = mkdtempSync(join(tmpdir(), 'pysec-e2e-'));
let server: RunningServer;
let browser: Browser;
let page: Page;

async function shot(name: string) {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

/** Replaces the whole content of the open editor tab the way a learner pastes or types. */
async function typeIntoEditor(text: string) {
  const content = page.locator('[data-testid="editor"] .cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  // insertText types the characters as input events, without the editor's auto-indent doubling them.
  await page.keyboard.insertText(text);
}

async function runCheck(): Promise<void> {
  await page.keyboard.press('ControlOrMeta+s');
  await page.getByTestId('run-check').click();
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
}

describe('web app in Chromium', {
  skip: !existsSync(CHROMIUM) && 'Debian chromium is not installed (npm test installs it as root)',
}, () => {
  before(async () => {
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir, out: () => {} });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the course with the token from the printed link', async () => {
    await page.goto(server.url);
    await page.getByTestId('course').waitFor();
    assert.ok(!page.url().includes('token='), 'the token is removed from the address bar');
    await page.getByTestId('lab-card-sqli-login').waitFor();
    await shot('course');
  });

  it('refuses to show anything without the token', async () => {
    const other = await browser.newPage();
    await other.goto(server.url.replace(/#.*/, ''));
    await other.getByText(/token/i).first().waitFor();
    assert.equal(await other.getByTestId('course').count(), 0);
    await other.close();
  });

  it('solves sqli-login in the editor: exploit and fix typed in, checked, passed', { timeout: 120_000 }, async () => {
    await page.getByTestId('lab-card-sqli-login').click();
    await page.getByTestId('editor').waitFor();
    await page.getByTestId('file-tab-exploit.py').click();
    await typeIntoEditor(readFileSync(join(lab, 'solution', 'exploit.py'), 'utf8'));
    await page.keyboard.press('ControlOrMeta+s');
    await page.getByTestId('file-tab-app/accounts.py').click();
    await typeIntoEditor(readFileSync(join(lab, 'solution', 'app', 'accounts.py'), 'utf8'));
    await shot('lab-editor');
    await runCheck();
    const verdict = page.getByTestId('verdict');
    await page.locator('[data-testid="verdict"][data-passed="true"]').waitFor({ timeout: 60_000 });
    assert.equal(await verdict.getAttribute('data-passed'), 'true');
    await verdict.scrollIntoViewIfNeeded();
    await shot('verdict-passed');
  });

  it('edits survive a reload (saved on the server)', async () => {
    await page.reload();
    await page.getByTestId('editor').waitFor();
    await page.getByTestId('file-tab-app/accounts.py').click();
    await page.locator('[data-testid="editor"] .cm-content').getByText('?').first().waitFor();
    const text = await page.locator('[data-testid="editor"] .cm-content').textContent();
    assert.match(text ?? '', /\?/, 'the parameterised query is still there');
  });

  it('a known-bad fix shows the check it fails', { timeout: 120_000 }, async () => {
    await page.getByTestId('file-tab-app/accounts.py').click();
    await typeIntoEditor(readFileSync(join(lab, 'bad-fixes', 'double-quotes', 'app', 'accounts.py'), 'utf8'));
    await runCheck();
    const failing = page.locator('[data-testid="check-uses-parameters"][data-passed="false"]');
    await failing.waitFor({ timeout: 60_000 });
    await failing.scrollIntoViewIfNeeded();
    await shot('verdict-failed');
  });

  it('plots redos match times before and after the fix', { timeout: 180_000 }, async () => {
    const redos = join(contentDir(), 'input-validation', 'redos');
    await page.goto(`${server.url.replace(/#.*/, '')}labs/redos`);
    await page.getByTestId('editor').waitFor();
    await page.getByTestId('run-check').click();
    await page.locator('[data-testid="verdict"][data-passed="false"]').waitFor({ timeout: 90_000 });
    await page.getByTestId('timing-plot').first().waitFor();
    await typeIntoEditor(readFileSync(join(redos, 'solution', 'app', 'validators.py'), 'utf8'));
    await runCheck();
    await page.locator('[data-testid="verdict"][data-passed="true"]').waitFor({ timeout: 90_000 });
    const before = page.getByTestId('timing-plot-before').first();
    await before.waitFor();
    const plot = page
      .getByTestId('timing-plot')
      .filter({ has: page.getByTestId('timing-plot-before') })
      .first();
    await plot.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot('redos-plot');
  });

  it('renders a lesson and takes a quiz answer checked by the server', async () => {
    await page.goto(`${server.url.replace(/#.*/, '')}modules/injection/lesson`);
    await page.locator('h1').first().waitFor();
    await shot('lesson');
    await page.goto(`${server.url.replace(/#.*/, '')}modules/injection/quiz`);
    await page.getByTestId('quiz').waitFor();
    await shot('quiz');
    // Answer the first question right: graded by the server, remembered after a reload.
    const quiz = loadQuiz(join(contentDir(), 'injection'));
    const first = quiz?.questions[0];
    assert.ok(first);
    await page.getByTestId(`option-${first.id}-${first.answer}`).check();
    await page.getByTestId(`submit-${first.id}`).click();
    const result = page.getByTestId(`result-${first.id}`);
    await result.waitFor();
    assert.equal(await result.getAttribute('data-correct'), 'true');
    assert.ok(((await result.textContent()) ?? '').includes(first.explanation.slice(0, 40)), 'the explanation is shown');
    await page.reload();
    await page.getByTestId(`done-before-${first.id}`).waitFor();
    assert.match((await page.getByTestId('quiz-score').textContent()) ?? '', /Earlier you answered 1 of them right/);
  });

  it('works in a narrow window', async () => {
    await page.setViewportSize({ width: 400, height: 800 });
    await page.goto(`${server.url.replace(/#.*/, '')}labs/sqli-login`);
    await page.getByTestId('editor').waitFor();
    await shot('lab-narrow');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
