/**
 * @module routes/labs
 * One lab: its description, the learner's files (read, save, reset), hints and the
 * solution. Every file path in a request must be one of the lab's editable files.
 */
import { join } from 'node:path';
import { type Lab, PysecError } from '@pysec/core';
import { editableFiles, readTree, type Workspace } from '@pysec/judge';
import type { FastifyInstance } from 'fastify';
import { labStatus, lookupLab, type ServerContext } from '../context.ts';
import { taskHtml } from '../markdown.ts';
import { filePath, labParams, noQuery, optionalBody } from '../schemas.ts';
import { Workspaces } from '../workspaces.ts';

type LabRequest = { Params: { lab: string } };

/** Opens (creating on first use) the learner's workspace; creating it counts as starting the lab. */
export async function openWorkspace(ctx: ServerContext, lab: Lab): Promise<Workspace> {
  const { ws, created } = ctx.workspaces.open(ctx.learner, lab);
  if (created) await ctx.store.markStarted(ctx.learner, lab.spec.id);
  return ws;
}

const saveBody = {
  type: 'object',
  required: ['path', 'content'],
  additionalProperties: false,
  // No maxLength on content: the size is checked in bytes in the handler, answered with 413.
  properties: { path: filePath, content: { type: 'string' } },
} as const;

const solutionQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { confirm: { type: 'string', enum: ['1'] } },
} as const;

export function labRoutes(api: FastifyInstance, ctx: ServerContext): void {
  api.get<LabRequest>('/labs/:lab', { schema: { params: labParams, querystring: noQuery } }, async (request) => {
    const lab = lookupLab(ctx.course, request.params.lab);
    const p = await ctx.store.progress(ctx.learner, lab.spec.id);
    const lastVerdict = await ctx.store.lastVerdict(ctx.learner, lab.spec.id);
    const s = lab.spec;
    return {
      id: s.id,
      title: s.title,
      module: s.module,
      kind: lab.kind,
      difficulty: s.difficulty,
      cwe: s.cwe,
      summary: s.summary,
      taskHtml: taskHtml(lab),
      steps: s.steps.map((step) => ({ id: step.id, kind: step.kind, title: step.title, files: step.files })),
      files: editableFiles(lab),
      hints: s.hints.slice(0, p.hintsShown).map((h) => h.trim()),
      hintsTotal: s.hints.length,
      status: labStatus(p),
      stepsPassed: p.stepsPassed,
      ...(lastVerdict ? { lastVerdict } : {}),
    };
  });

  api.get<LabRequest>('/labs/:lab/files', { schema: { params: labParams, querystring: noQuery } }, async (request) => {
    const lab = lookupLab(ctx.course, request.params.lab);
    return { files: ctx.workspaces.files(await openWorkspace(ctx, lab)) };
  });

  api.put<LabRequest & { Body: { path: string; content: string } }>(
    '/labs/:lab/files',
    { schema: { params: labParams, querystring: noQuery, body: saveBody } },
    async (request) => {
      const lab = lookupLab(ctx.course, request.params.lab);
      Workspaces.requireEditable(lab, request.body.path);
      const ws = await openWorkspace(ctx, lab);
      const modified = ctx.workspaces.save(ws, request.body.path, request.body.content);
      return { saved: true, modified };
    },
  );

  api.post<LabRequest & { Body: { path?: string } | null }>(
    '/labs/:lab/reset',
    { schema: { params: labParams, querystring: noQuery, body: optionalBody({ path: filePath }) } },
    async (request) => {
      const lab = lookupLab(ctx.course, request.params.lab);
      const path = request.body?.path;
      // Refuse a wrong path before a workspace is made for it.
      if (path !== undefined) Workspaces.requireEditable(lab, path);
      return { files: ctx.workspaces.reset(await openWorkspace(ctx, lab), path) };
    },
  );

  api.post<LabRequest>(
    '/labs/:lab/hint',
    { schema: { params: labParams, querystring: noQuery, body: optionalBody({}) } },
    async (request) => {
      const lab = lookupLab(ctx.course, request.params.lab);
      const hints = lab.spec.hints;
      const shown = await ctx.store.nextHint(ctx.learner, lab.spec.id, hints.length);
      return { hints: hints.slice(0, shown).map((h) => h.trim()), total: hints.length };
    },
  );

  api.get<LabRequest & { Querystring: { confirm?: '1' } }>(
    '/labs/:lab/solution',
    { schema: { params: labParams, querystring: solutionQuery } },
    async (request) => {
      const lab = lookupLab(ctx.course, request.params.lab);
      const p = await ctx.store.progress(ctx.learner, lab.spec.id);
      // Like `pysec solution`: open after a pass; before, only when the learner confirms.
      if (!p.passedAt && request.query.confirm !== '1') {
        throw new PysecError('PYSEC_ERR_SOLUTION_LOCKED', 'You have not passed this lab yet.', {
          hint: 'Keep going (hints help), or confirm that you want to see the solution anyway.',
        });
      }
      await ctx.store.markSolutionViewed(ctx.learner, lab.spec.id);
      const files = [...readTree(join(lab.dir, 'solution'))].map(([path, data]) => ({ path, content: Buffer.from(data).toString('utf8') }));
      return {
        explanation: lab.spec.solution.explanation.trim(),
        files,
        badFixes: lab.spec.bad_fixes.map((b) => ({ name: b.name, fails: b.fails, explanation: b.explanation.trim() })),
        alternatives: lab.spec.alternative_fixes.map((a) => ({ name: a.name, description: a.description.trim() })),
      };
    },
  );
}
