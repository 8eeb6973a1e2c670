/**
 * @module quiz
 * Module quizzes: content/<module>/quiz.yaml (format_version 1). Answers live only here and
 * on the server/engine side: `publicQuiz()` is what a learner's client receives, and
 * `gradeAnswer()` decides — so no answer reaches a client before it answers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { PysecError } from './errors.ts';
import { FORMAT_VERSION } from './lab-schema.ts';

const QuestionSchema = z.strictObject({
  /** Unique within the quiz, kebab-case. */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  /** choice: pick one; spot-the-bug: pick the faulty line/option for `code`; output: what does `code` print. */
  kind: z.enum(['choice', 'spot-the-bug', 'output']),
  prompt: z.string().min(5),
  /** Python shown with the question (spot-the-bug, output). */
  code: z.string().optional(),
  options: z.array(z.string().min(1)).min(2).max(8),
  /** Index into options (0-based) of the correct answer. */
  answer: z.number().int().min(0),
  /** Shown after answering, right or wrong. */
  explanation: z.string().min(10),
});

export const QuizSchema = z
  .strictObject({
    format_version: z.literal(FORMAT_VERSION),
    module: z.string(),
    title: z.string().min(3),
    questions: z.array(QuestionSchema).min(1),
  })
  .superRefine((quiz, ctx) => {
    quiz.questions.forEach((q, i) => {
      if (q.answer >= q.options.length)
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'answer'], message: `must index one of the ${q.options.length} options` });
      if (q.kind !== 'choice' && !q.code)
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'code'], message: `a ${q.kind} question needs code` });
    });
    const ids = quiz.questions.map((q) => q.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['questions'], message: 'question IDs repeat' });
  });

export type Quiz = z.infer<typeof QuizSchema>;
export type PublicQuestion = Omit<Quiz['questions'][number], 'answer' | 'explanation'>;

export function quizFile(moduleDir: string): string {
  return join(moduleDir, 'quiz.yaml');
}

/** Reads and validates a module's quiz; undefined when the module has none. */
export function loadQuiz(moduleDir: string): Quiz | undefined {
  const file = quizFile(moduleDir);
  if (!existsSync(file)) return undefined;
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length > 0) {
    throw new PysecError('PYSEC_ERR_CONTENT_INVALID', `${file}: YAML syntax error: ${doc.errors[0]?.message}`);
  }
  const parsed = QuizSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `field ${i.path.join('.')}: ${i.message}`).join('; ');
    throw new PysecError('PYSEC_ERR_CONTENT_INVALID', `${file}: ${details}`, { hint: 'Fix the quiz file; `pysec validate` re-checks it.' });
  }
  return parsed.data;
}

/** The quiz without answers or explanations: safe to send to a client. */
export function publicQuiz(quiz: Quiz): { title: string; questions: PublicQuestion[] } {
  return { title: quiz.title, questions: quiz.questions.map(({ answer: _a, explanation: _e, ...q }) => q) };
}

export function gradeAnswer(quiz: Quiz, questionId: string, answer: number): { correct: boolean; answer: number; explanation: string } {
  const q = quiz.questions.find((x) => x.id === questionId);
  if (!q) throw new PysecError('PYSEC_ERR_QUIZ_UNKNOWN', `This quiz has no question "${questionId}".`);
  return { correct: answer === q.answer, answer: q.answer, explanation: q.explanation };
}
