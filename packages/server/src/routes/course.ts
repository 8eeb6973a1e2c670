/**
 * @module routes/course
 * The course overview with the learner's status per lab, and module lessons.
 */
import { PysecError } from '@pysec/core';
import type { FastifyInstance } from 'fastify';
import { labStatus, lookupModule, type ServerContext } from '../context.ts';
import { lessonHtml } from '../markdown.ts';
import { moduleParams, noQuery } from '../schemas.ts';

export const COURSE_TITLE = 'Secure Python programming';

export function courseRoutes(api: FastifyInstance, ctx: ServerContext): void {
  api.get('/course', { schema: { querystring: noQuery } }, async () => {
    const progress = new Map((await ctx.store.allProgress(ctx.learner)).map((p) => [p.labId, p]));
    let passed = 0;
    let total = 0;
    const modules = ctx.course.modules.map((m) => ({
      id: m.spec.id,
      title: m.spec.title,
      order: m.spec.order,
      summary: m.spec.summary,
      hasLesson: m.spec.lessons.length > 0,
      hasQuiz: ctx.quizzes.has(m.spec.id),
      labs: m.labs.map((lab) => {
        const status = labStatus(progress.get(lab.spec.id));
        total++;
        if (status === 'passed') passed++;
        return {
          id: lab.spec.id,
          title: lab.spec.title,
          kind: lab.kind,
          difficulty: lab.spec.difficulty,
          summary: lab.spec.summary,
          status,
        };
      }),
    }));
    return { title: COURSE_TITLE, modules, progress: { passed, total } };
  });

  api.get<{ Params: { module: string } }>(
    '/modules/:module/lesson',
    { schema: { params: moduleParams, querystring: noQuery } },
    async (request) => {
      const mod = lookupModule(ctx.course, request.params.module);
      const html = lessonHtml(mod);
      if (html === undefined) {
        throw new PysecError('PYSEC_ERR_NOT_FOUND', `Module "${mod.spec.id}" has no lesson.`, {
          hint: 'The course overview says which modules have one (hasLesson).',
        });
      }
      return { title: mod.spec.title, html };
    },
  );
}
