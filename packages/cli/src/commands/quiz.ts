import { createInterface } from 'node:readline/promises';
import { findModule, gradeAnswer, loadQuiz, PysecError, publicQuiz, type Quiz } from '@pysec/core';
import { c, mark } from '../color.ts';
import type { Context } from '../context.ts';
import type { Command } from './types.ts';

interface Graded {
  id: string;
  /** 1-based, as the learner typed it; null when skipped. */
  answer: number | null;
  correct: boolean;
  correctAnswer: number;
  explanation: string;
}

/** "2,1,,3" → [2, 1, null, 3]; each entry 1-based or empty (skip). */
function parseAnswerList(text: string, count: number): (number | null)[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length > count) {
    throw new PysecError('PYSEC_ERR_USAGE', `--answers has ${parts.length} entries but this quiz asks ${count} questions.`, {
      hint: 'Give one entry per question, in order; leave an entry empty to skip it.',
    });
  }
  return parts.map((p, i) => {
    if (p === '') return null;
    if (!/^[1-9][0-9]?$/.test(p)) {
      throw new PysecError('PYSEC_ERR_USAGE', `--answers entry ${i + 1} is "${p}": expected an option number (1, 2, …) or nothing.`, {
        hint: 'Example: --answers 2,1,,3 answers questions 1, 2 and 4 and skips 3.',
      });
    }
    return Number(p);
  });
}

function quizFor(ctx: Context, moduleId: string): Quiz {
  const mod = findModule(ctx.course, moduleId, 'Run `pysec quiz` to list the modules that have a quiz.');
  const quiz = loadQuiz(mod.dir);
  if (!quiz) {
    throw new PysecError('PYSEC_ERR_QUIZ_UNKNOWN', `Module "${mod.spec.id}" has no quiz.`, {
      hint: 'Run `pysec quiz` to list the modules that have a quiz.',
    });
  }
  return quiz;
}

async function listQuizzes(ctx: Context): Promise<number> {
  const mine = new Map((await (await ctx.store()).quizProgress(ctx.learner)).map((p) => [p.moduleId, p]));
  const rows = ctx.course.modules.flatMap((m) => {
    const quiz = loadQuiz(m.dir);
    return quiz ? [{ id: m.spec.id, title: quiz.title, total: quiz.questions.length }] : [];
  });
  ctx.out(c.bold('Quizzes'));
  for (const r of rows) {
    const p = mine.get(r.id);
    const right = p ? p.correctIds.length : 0;
    const status = p ? `${right}/${r.total} right` : `${r.total} questions`;
    ctx.out(`  ${right === r.total ? mark.ok() : ' '} ${r.id.padEnd(20)} ${r.title.padEnd(32)} ${c.dim(status)}`);
  }
  ctx.out(c.dim('\nStart one with `pysec quiz <module>`.'));
  return 0;
}

function showQuestion(ctx: Context, q: ReturnType<typeof publicQuiz>['questions'][number], n: number, total: number): void {
  const kind = { choice: 'Choose one', 'spot-the-bug': 'Spot the bug', output: 'What does this print?' }[q.kind];
  ctx.out(`\n${c.bold(`Question ${n} of ${total}`)} ${c.dim(`(${kind})`)}`);
  ctx.out(q.prompt.trim());
  if (q.code) {
    ctx.out('');
    for (const line of q.code.replace(/\n$/, '').split('\n')) ctx.out(`    ${c.cyan(line)}`);
  }
  ctx.out('');
  q.options.forEach((o, i) => {
    ctx.out(`  ${c.bold(`${i + 1})`)} ${o}`);
  });
}

function showGrade(ctx: Context, g: Graded, quiz: Quiz): void {
  const q = quiz.questions.find((x) => x.id === g.id);
  if (g.answer === null) ctx.out(c.dim(`Skipped. The answer is ${g.correctAnswer}) ${q?.options[g.correctAnswer - 1] ?? ''}`));
  else if (g.correct) ctx.out(`${mark.ok()} ${c.green('Right.')}`);
  else ctx.out(`${mark.fail()} ${c.red('Not quite.')} The answer is ${g.correctAnswer}) ${q?.options[g.correctAnswer - 1] ?? ''}`);
  ctx.out(c.dim(g.explanation.trim()));
}

export const quiz: Command = {
  name: 'quiz',
  usage: 'pysec quiz [module] [--retry] [--answers 2,1,…] [--json]',
  summary: "Take a module's quiz; answers are graded one at a time",
  help: `Without a module: lists the modules that have a quiz, with your score.
With a module: asks each question and grades it at once, with an explanation.
Type the option number, "s" to skip, "q" to stop. Your latest answer to each
question is kept (also shared with the web app).

Options:
  --retry         ask only the questions you have not yet answered right
  --answers LIST  answer without prompting: option numbers in question order,
                  comma-separated, an empty entry skips (e.g. --answers 2,1,,3)
  --json          with --answers: print the graded answers as JSON

Exit code: 0 when every answered question was right, 1 otherwise.`,
  options: { retry: { type: 'boolean' }, answers: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx, args, flags) {
    if (args.length > 1) throw new PysecError('PYSEC_ERR_USAGE', 'pysec quiz takes one module.', { hint: 'Run `pysec quiz --help`.' });
    if (flags.json && typeof flags.answers !== 'string') {
      throw new PysecError('PYSEC_ERR_USAGE', '--json needs --answers (an interactive quiz prints for people).', {
        hint: 'Example: pysec quiz injection --answers 2,1,3 --json',
      });
    }
    const moduleId = args[0];
    if (!moduleId) return listQuizzes(ctx);
    const full = quizFor(ctx, moduleId);
    const store = await ctx.store();
    const before = (await store.quizProgress(ctx.learner)).find((p) => p.moduleId === full.module);
    const questions = publicQuiz(full).questions.filter((q) => !(flags.retry && before?.correctIds.includes(q.id)));
    if (questions.length === 0) {
      ctx.out(`${mark.ok()} Every question of ${c.bold(full.title)} is already answered right. Run without --retry to take it again.`);
      return 0;
    }

    const graded: Graded[] = [];
    const grade = async (id: string, answer: number | null): Promise<Graded> => {
      const q = questions.find((x) => x.id === id);
      if (answer !== null && q && answer > q.options.length) {
        throw new PysecError('PYSEC_ERR_USAGE', `Question "${id}" has ${q.options.length} options; ${answer} is not one of them.`, {
          hint: `Answer with a number from 1 to ${q.options.length}.`,
        });
      }
      const r = gradeAnswer(full, id, answer === null ? -1 : answer - 1);
      const g = { id, answer, correct: answer !== null && r.correct, correctAnswer: r.answer + 1, explanation: r.explanation };
      if (answer !== null) await store.recordQuizAnswer(ctx.learner, full.module, id, answer - 1, g.correct);
      graded.push(g);
      return g;
    };

    if (typeof flags.answers === 'string') {
      const list = parseAnswerList(flags.answers, questions.length);
      for (const [i, a] of list.entries()) {
        const q = questions[i];
        if (q) await grade(q.id, a);
      }
      if (flags.json) {
        ctx.out(JSON.stringify({ module: full.module, answers: graded }, null, 2));
        return graded.every((g) => g.answer === null || g.correct) ? 0 : 1;
      }
      graded.forEach((g, i) => {
        const q = questions[i];
        if (!q) return;
        showQuestion(ctx, q, i + 1, questions.length);
        showGrade(ctx, g, full);
      });
    } else {
      ctx.out(
        `${c.bold(full.title)} — ${questions.length} question${questions.length === 1 ? '' : 's'}. Type a number, "s" to skip, "q" to stop.`,
      );
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: ctx.isTTY });
      const lines = rl[Symbol.asyncIterator]();
      try {
        ask: for (const [i, q] of questions.entries()) {
          showQuestion(ctx, q, i + 1, questions.length);
          for (;;) {
            process.stdout.write(c.bold('your answer> '));
            const next = await lines.next();
            if (next.done) {
              ctx.out('');
              break ask;
            }
            // Piped answers are not echoed by a terminal: show them, so the transcript reads right.
            if (!ctx.isTTY) ctx.out(String(next.value));
            const text = String(next.value).trim().toLowerCase();
            if (text === 'q') break ask;
            if (text === 's') {
              showGrade(ctx, await grade(q.id, null), full);
              break;
            }
            const n = Number(text);
            if (Number.isInteger(n) && n >= 1 && n <= q.options.length) {
              showGrade(ctx, await grade(q.id, n), full);
              break;
            }
            ctx.out(c.yellow(`Type a number from 1 to ${q.options.length}, "s" to skip or "q" to stop.`));
          }
        }
      } finally {
        rl.close();
      }
    }

    const answered = graded.filter((g) => g.answer !== null);
    const right = answered.filter((g) => g.correct).length;
    const after = (await store.quizProgress(ctx.learner)).find((p) => p.moduleId === full.module);
    ctx.out(
      `\n${c.bold(`${right} of ${answered.length} answered right`)}` +
        c.dim(` (${after?.correctIds.length ?? 0}/${full.questions.length} of the quiz right so far).`),
    );
    if (right < answered.length) ctx.out(c.dim(`\`pysec quiz --retry ${full.module}\` asks the ones still open.`));
    return right === answered.length ? 0 : 1;
  },
};
