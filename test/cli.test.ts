// The `pysec` command end to end, as a learner uses it: a real binary, a real lab folder,
// real checks, progress in a temporary PYSEC_HOME.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadQuiz } from '@pysec/core';
import { contentDir } from '@pysec/runner';
import { CLI } from './helpers.ts';

const home = mkdtempSync(join(tmpdir(), 'pysec-cli-home-'));
const labs = mkdtempSync(join(tmpdir(), 'pysec-cli-labs-'));
after(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(labs, { recursive: true, force: true });
});

function pysec(args: string[], cwd = labs, env: Record<string, string> = {}, input?: string) {
  const res = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PYSEC_HOME: home, NO_COLOR: '1', ...env },
    timeout: 120_000,
    input,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

const LAB = 'sqli-login';
const dir = join(labs, LAB);
const labSource = join(contentDir(), 'injection', LAB);

describe('pysec CLI', { concurrency: false }, () => {
  it('prints help for the tool and for every command', () => {
    const main = pysec(['--help']);
    assert.equal(main.code, 0);
    assert.match(main.out, /Exit codes:/);
    for (const cmd of ['list', 'start', 'check', 'watch', 'hint', 'solution', 'reset', 'quiz', 'progress', 'doctor', 'validate', 'tour']) {
      const r = pysec([cmd, '--help']);
      assert.equal(r.code, 0, cmd);
      assert.match(r.out, new RegExp(`Usage: pysec ${cmd}`));
    }
  });

  it('rejects unknown commands and options with a suggestion (exit 2)', () => {
    const r = pysec(['lsit']);
    assert.equal(r.code, 2);
    assert.match(r.err, /PYSEC_ERR_USAGE.*Did you mean "list"/);
    const o = pysec(['list', '--jsno']);
    assert.equal(o.code, 2);
    assert.match(o.err, /next: Run `pysec list --help`/);
  });

  it('lists every lab with module, kind and status as JSON', () => {
    const r = pysec(['list', '--json']);
    assert.equal(r.code, 0);
    const rows = JSON.parse(r.out) as { module: string; lab: string; kind: string; status: string }[];
    const row = rows.find((x) => x.lab === LAB);
    assert.deepEqual(row && { module: row.module, kind: row.kind, status: row.status }, {
      module: 'injection',
      kind: 'exploit+fix',
      status: 'new',
    });
  });

  it('suggests the nearest lab for a typo', () => {
    const r = pysec(['start', 'sqli-lgoin', dir]);
    assert.equal(r.code, 2);
    assert.match(r.err, /Did you mean "sqli-login"\?/);
    assert.ok(!existsSync(dir));
  });

  it('starts a lab: learner files, no hidden files, a local npx pysec', () => {
    const r = pysec(['start', LAB, dir]);
    assert.equal(r.code, 0, r.err);
    assert.ok(existsSync(join(dir, 'task.md')));
    assert.ok(existsSync(join(dir, 'app', 'accounts.py')));
    for (const hidden of ['judge', 'solution', 'bad-fixes', 'alt-fixes', 'lab.yaml']) assert.ok(!existsSync(join(dir, hidden)), hidden);
    assert.equal(realpathSync(join(dir, 'node_modules', '.bin', 'pysec')), realpathSync(CLI));
    assert.equal(pysec(['start', LAB, dir]).code, 2, 'a non-empty folder is refused');
  });

  it('checks the untouched lab: fails with exit 1 and plain output under NO_COLOR', () => {
    const r = pysec(['check'], join(dir, 'app'));
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /\[FAIL\]/);
    assert.match(r.out, /Step 1 · exploit/);
    assert.ok(!r.out.includes('\x1b['), 'no colour codes under NO_COLOR');
  });

  it('gives hints one at a time', () => {
    assert.match(pysec(['hint'], dir).out, /Hint 1 of/);
    const second = pysec(['hint'], dir).out;
    assert.match(second, /Hint 2 of/);
    assert.match(second, /Hint 1 of/);
  });

  it('keeps the solution locked before a pass when not asked interactively', () => {
    const r = pysec(['solution'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /PYSEC_ERR_SOLUTION_LOCKED/);
    assert.match(r.err, /--yes/);
  });

  it('passes with the reference solution, records progress, then shows the solution', () => {
    cpSync(join(labSource, 'solution'), dir, { recursive: true });
    const r = pysec(['check', '--json'], dir);
    assert.equal(r.code, 0, r.out + r.err);
    const verdict = JSON.parse(r.out) as { passed: boolean; sandboxed: boolean; steps: { passed: boolean }[] };
    assert.equal(verdict.passed, true);
    assert.equal(verdict.sandboxed, true);
    const rows = JSON.parse(pysec(['list', '--json']).out) as { lab: string; status: string }[];
    assert.equal(rows.find((x) => x.lab === LAB)?.status, 'passed');
    assert.match(pysec(['progress']).out, /1 of \d+ labs passed/);
    const sol = pysec(['solution'], dir);
    assert.equal(sol.code, 0);
    assert.match(sol.out, /Fixes that look right and are not/);
  });

  it('takes a quiz: grades each answer, keeps the latest, retries only the open ones', () => {
    const quiz = loadQuiz(join(contentDir(), 'injection'));
    assert.ok(quiz && quiz.questions.length >= 3);
    const right = quiz.questions.map((q) => q.answer + 1);
    const wrongFirst = [(right[0] as number) === 1 ? 2 : 1, ...right.slice(1)];

    const json = pysec(['quiz', 'injection', '--answers', wrongFirst.join(','), '--json']);
    assert.equal(json.code, 1, json.err);
    const graded = JSON.parse(json.out) as { answers: { id: string; correct: boolean; correctAnswer: number; explanation: string }[] };
    assert.equal(graded.answers.length, quiz.questions.length);
    assert.deepEqual(
      graded.answers.map((a) => a.correct),
      quiz.questions.map((_, i) => i > 0),
    );
    assert.equal(graded.answers[0]?.correctAnswer, right[0]);
    assert.equal(graded.answers[0]?.explanation, quiz.questions[0]?.explanation);

    // Interactive: a bad entry is asked again; the retry asks only the question still open.
    const retry = pysec(['quiz', 'injection', '--retry'], labs, {}, `9\nfoo\n${right[0]}\n`);
    assert.equal(retry.code, 0, retry.out + retry.err);
    assert.match(retry.out, /1 question\./);
    assert.match(retry.out, /Type a number from 1 to \d/);
    assert.match(retry.out, /Right\./);
    assert.match(retry.out, new RegExp(`${quiz.questions.length}/${quiz.questions.length} of the quiz right so far`));
    assert.match(pysec(['quiz', 'injection', '--retry']).out, /already answered right/);
    assert.match(pysec(['quiz']).out, new RegExp(`injection .* ${quiz.questions.length}/${quiz.questions.length} right`));
    assert.match(pysec(['progress']).out, new RegExp(`injection +${quiz.questions.length} right of ${quiz.questions.length} answered`));

    const typo = pysec(['quiz', 'injecton']);
    assert.equal(typo.code, 2);
    assert.match(typo.err, /PYSEC_ERR_MODULE_UNKNOWN.*Did you mean "injection"/);
    const tooMany = pysec(['quiz', 'injection', '--answers', right.concat([1]).join(',')]);
    assert.equal(tooMany.code, 2);
    assert.match(tooMany.err, /--answers has \d+ entries/);
  });

  it('resets a file and keeps the learner version in a backup', () => {
    const mine = readFileSync(join(dir, 'app', 'accounts.py'), 'utf8');
    const r = pysec(['reset', 'app/accounts.py'], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(readFileSync(join(dir, 'app', 'accounts.py'), 'utf8'), readFileSync(join(labSource, 'app', 'accounts.py'), 'utf8'));
    const backups = readdirSync(join(dir, '.pysec', 'backup'));
    assert.equal(readFileSync(join(dir, '.pysec', 'backup', backups[0] as string, 'app', 'accounts.py'), 'utf8'), mine);
    assert.equal(pysec(['reset', 'judge/fix.py'], dir).code, 2);
  });

  it('refuses a lab file that is a symlink (it could point anywhere)', () => {
    rmSync(join(dir, 'app', 'accounts.py'));
    symlinkSync('/etc/passwd', join(dir, 'app', 'accounts.py'));
    const r = pysec(['check'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /PYSEC_ERR_WORKSPACE_FILE/);
    assert.match(r.err, /pysec reset app\/accounts.py/);
  });

  it('explains what to do outside a lab folder', () => {
    const r = pysec(['check'], home);
    assert.equal(r.code, 2);
    assert.match(r.err, /not inside a pysec lab folder/);
    assert.match(r.err, /pysec start/);
  });

  it('reports a learner traceback, not ours, for broken code', () => {
    writeFileSync(join(labs, 'broken.py'), '');
    rmSync(join(dir, 'app', 'accounts.py'));
    writeFileSync(join(dir, 'app', 'accounts.py'), 'def login(username, password)\n    return None\n');
    const r = pysec(['check', '--step', 'fix'], dir);
    assert.equal(r.code, 1);
    assert.match(r.out, /SyntaxError/);
    assert.match(r.out, /accounts\.py", line 1/);
    assert.ok(!/pysec_harness|broker\.ts/.test(r.out), 'no pysec internals in the traceback');
  });

  it('says UNSANDBOXED in every verdict when there is no sandbox', () => {
    const r = pysec(['check', '--step', 'fix'], dir, { PYSEC_SANDBOX: 'none' });
    assert.match(r.out, /WARNING: .*UNSANDBOXED/);
    const j = pysec(['check', '--json', '--step', 'fix'], dir, { PYSEC_SANDBOX: 'none' });
    const v = JSON.parse(j.out) as { sandboxed: boolean; sandboxNote: string };
    assert.equal(v.sandboxed, false);
    assert.match(v.sandboxNote, /UNSANDBOXED/);
  });

  it('watch re-checks when a lab file is saved', async () => {
    const child = spawn(process.execPath, [CLI, 'watch'], { cwd: dir, env: { ...process.env, PYSEC_HOME: home, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const waitFor = async (n: number) => {
      const end = Date.now() + 60_000;
      while ((out.match(/Watching /g) ?? []).length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    };
    await waitFor(1);
    assert.match(out, /SyntaxError/);
    writeFileSync(join(dir, 'app', 'accounts.py'), readFileSync(join(labSource, 'solution', 'app', 'accounts.py')));
    await waitFor(2);
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
    const second = out.slice(out.indexOf('Watching '));
    assert.match(second, /Step 2 · fix · .* — passed/);
  });

  it('doctor says the sandbox and every lab can run here', () => {
    const r = pysec(['doctor', '--json']);
    const report = JSON.parse(r.out) as {
      ok: boolean;
      sandbox: { kind: string };
      enforced: { runFolder: { bytes: number } | null; notEnforced: string[] };
    };
    assert.equal(report.sandbox.kind, 'bwrap');
    // Root (CI, a server) gets a quota'd tmpfs per check; anyone else is told it is missing.
    if (process.getuid?.() === 0) assert.equal(report.enforced.runFolder?.bytes, 64 * 1024 * 1024);
    else assert.ok(report.enforced.notEnforced.some((x) => x.includes('run folder')));
    assert.equal(report.ok, true, r.out);
    assert.equal(r.code, 0);
  });
});
