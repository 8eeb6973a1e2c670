/**
 * @module routes/quiz
 * Module quizzes. The client gets the questions without answers or explanations
 * (core's publicQuiz); an answer is graded here and only then is the right one revealed.
 */
import { gradeAnswer, PysecError, publicQuiz, type Quiz } from '@pysec/core';
import type { FastifyInstance } from 'fastify';
import { lookupModule, type ServerContext } from '../context.ts';
import { moduleParams, noQuery, questionParams } from '../schemas.ts';

function quizOf(ctx: ServerContext, moduleId: string): Quiz {
  const mod = lookupModule(ctx.course, moduleId);
  const quiz = ctx.quizzes.get(mod.spec.id);
  if (!quiz) {
    throw new PysecError('PYSEC_ERR_QUIZ_UNKNOWN', `Module "${mod.spec.id}" has no quiz.`, {
      hint: 'The course overview says which modules have one (hasQuiz).',
    });
  }
  return quiz;
}

const answerBody = {
  type: 'object',
  required: ['answer'],
  additionalProperties: false,
  properties: { answer: { type: 'integer', minimum: 0, maximum: 63 } },
} as const;

export function quizRoutes(api: FastifyInstance, ctx: ServerContext): void {
  api.get<{ Params: { module: string } }>(
    '/modules/:module/quiz',
    { schema: { params: moduleParams, querystring: noQuery } },
    async (request) => {
      const quiz = quizOf(ctx, request.params.module);
      const mine = (await ctx.store.quizProgress(ctx.learner)).find((p) => p.moduleId === request.params.module);
      // Only which questions were already answered right — never an answer index.
      return { ...publicQuiz(quiz), answeredCorrectly: mine?.correctIds ?? [] };
    },
  );

  api.post<{ Params: { module: string; question: string }; Body: { answer: number } }>(
    '/modules/:module/quiz/:question',
    { schema: { params: questionParams, querystring: noQuery, body: answerBody } },
    async (request) => {
      const quiz = quizOf(ctx, request.params.module);
      const question = quiz.questions.find((q) => q.id === request.params.question);
      if (!question) {
        throw new PysecError('PYSEC_ERR_QUIZ_UNKNOWN', `This quiz has no question "${request.params.question}".`, {
          hint: 'Reload the quiz to get its questions.',
        });
      }
      if (request.body.answer >= question.options.length) {
        throw new PysecError(
          'PYSEC_ERR_USAGE',
          `Question "${question.id}" has ${question.options.length} options; answer is an index from 0.`,
          {
            hint: `Send {"answer": 0} to {"answer": ${question.options.length - 1}}.`,
          },
        );
      }
      const { correct, answer, explanation } = gradeAnswer(quiz, question.id, request.body.answer);
      await ctx.store.recordQuizAnswer(ctx.learner, request.params.module, question.id, request.body.answer, correct);
      return { correct, answer, explanation };
    },
  );
}
