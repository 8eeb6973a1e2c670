/**
 * @module routes/checks
 * Starting a check (202 with its place in the queue), following it as server-sent events,
 * and reading its state. The stream is plain `text/event-stream`, but it needs the token
 * like every API route, so a browser reads it with fetch() (EventSource cannot send headers).
 */
import { PysecError } from '@pysec/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CheckEvent } from '../checks.ts';
import { lookupLab, type ServerContext } from '../context.ts';
import { checkParams, idString, labParams, noQuery, optionalBody } from '../schemas.ts';
import { SECURITY_HEADERS } from '../security.ts';
import { openWorkspace } from './labs.ts';

/** A comment line now and then keeps idle proxies and browsers from closing a waiting stream. */
const KEEPALIVE_MS = 15_000;

function sseFrame(e: CheckEvent): string {
  // JSON.stringify never emits a raw newline, so one `data:` line carries the whole payload.
  return `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

export function checkRoutes(api: FastifyInstance, ctx: ServerContext): void {
  /** Open streams, ended when the server closes (otherwise closing would wait for them forever). */
  const openStreams = new Set<FastifyReply>();
  api.addHook('preClose', async () => {
    for (const reply of openStreams) reply.raw.end();
    openStreams.clear();
  });

  api.post<{ Params: { lab: string }; Body: { step?: string } | null }>(
    '/labs/:lab/checks',
    { schema: { params: labParams, querystring: noQuery, body: optionalBody({ step: idString }) } },
    async (request, reply) => {
      const lab = lookupLab(ctx.course, request.params.lab);
      const step = request.body?.step;
      if (step !== undefined && !lab.spec.steps.some((s) => s.id === step)) {
        throw new PysecError('PYSEC_ERR_USAGE', `Lab "${lab.spec.id}" has no step "${step}".`, {
          hint: `Its steps are: ${lab.spec.steps.map((s) => s.id).join(', ')}.`,
        });
      }
      const ws = await openWorkspace(ctx, lab);
      // The files as they are now: what the learner asked to have checked.
      const submission = ctx.workspaces.submission(ws);
      const accepted = ctx.checks.submit(ctx.learner, lab, submission, step);
      return reply.code(202).send(accepted);
    },
  );

  api.get<{ Params: { checkId: string } }>('/checks/:checkId', { schema: { params: checkParams, querystring: noQuery } }, async (request) =>
    ctx.checks.status(ctx.learner, request.params.checkId),
  );

  api.get<{ Params: { checkId: string } }>(
    '/checks/:checkId/events',
    { schema: { params: checkParams, querystring: noQuery } },
    async (request, reply) => {
      const frames: string[] = [];
      let ended = false;
      let write = (e: CheckEvent) => {
        frames.push(sseFrame(e));
        if (e.event === 'verdict' || e.event === 'error') ended = true;
      };
      // Throws PYSEC_ERR_NOT_FOUND (a normal JSON error) before the stream starts.
      const sub = ctx.checks.subscribe(ctx.learner, request.params.checkId, (e) => write(e));
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      for (const frame of frames) res.write(frame);
      if (ended || sub.ended) {
        res.end();
        return;
      }
      openStreams.add(reply);
      const keepalive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
      keepalive.unref();
      const stop = () => {
        clearInterval(keepalive);
        sub.unsubscribe();
        openStreams.delete(reply);
      };
      write = (e) => {
        res.write(sseFrame(e));
        if (e.event === 'verdict' || e.event === 'error') {
          stop();
          res.end();
        }
      };
      // The browser went away (tab closed, navigation): the check itself carries on.
      res.on('close', stop);
      res.on('error', stop);
    },
  );
}
