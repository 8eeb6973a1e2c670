/**
 * @module app
 * Builds the Fastify server: the gates (Host check, security headers, token on /api),
 * the error mapping, the API routes and the web app. A thin shell over the engine — every
 * verdict comes from @pysec/judge's checkLab, exactly as in the CLI.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Course, loadCourse, loadQuiz, type Quiz } from '@pysec/core';
import { sandboxInfo } from '@pysec/runner';
import { openStore, type ProgressStore } from '@pysec/store';
import Fastify, { type FastifyInstance } from 'fastify';
import { CheckService, type RunCheck } from './checks.ts';
import { resolveConfig, type ServerConfig, type ServerOptions } from './config.ts';
import type { ServerContext } from './context.ts';
import { errorBody, makeErrorHandler } from './errors.ts';
import { CheckQueue } from './queue.ts';
import { checkRoutes } from './routes/checks.ts';
import { courseRoutes } from './routes/course.ts';
import { labRoutes } from './routes/labs.ts';
import { quizRoutes } from './routes/quiz.ts';
import { allowedHostNames, authError, bearerMatches, hostAllowed, hostError, makeToken, SECURITY_HEADERS } from './security.ts';
import { registerStatic } from './static.ts';
import { Workspaces } from './workspaces.ts';

/** Largest request body: one file (256 KiB) as JSON, with room for escaping. */
export const BODY_LIMIT = 300 * 1024;

// Fastify's way to add fields to the instance (set with decorate below).
declare module 'fastify' {
  interface FastifyInstance {
    /** The API token (print it only to the person who started the server). */
    readonly pysecToken: string;
    readonly pysecConfig: ServerConfig;
  }
}

export type PysecServer = FastifyInstance;

export interface CreateOptions extends ServerOptions {
  /** Replaces checkLab (tests of the queue use a slow fake; never used in production). */
  runCheck?: RunCheck;
}

export async function createServer(options: CreateOptions = {}): Promise<PysecServer> {
  const config = resolveConfig(options);
  const token = config.token ?? makeToken();
  // Fail at start, not on the first request: content errors name every file and field.
  const course = loadCourse(config.contentRoot);
  const quizzes = new Map<string, Quiz>();
  for (const m of course.modules) {
    const quiz = loadQuiz(m.dir);
    if (quiz) quizzes.set(m.spec.id, quiz);
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const store = await openStore(join(config.dataDir, 'pysec.db'));
  try {
    return await build(config, token, course, quizzes, store, options.runCheck);
  } catch (err) {
    await store.close();
    throw err;
  }
}

async function build(
  config: ServerConfig,
  token: string,
  course: Course,
  quizzes: ReadonlyMap<string, Quiz>,
  store: ProgressStore,
  runCheck: RunCheck | undefined,
): Promise<PysecServer> {
  const queue = new CheckQueue(config.checkSlots, config.queueMax);
  const ctx: ServerContext = {
    config,
    course,
    quizzes,
    store,
    learner: config.learner,
    workspaces: new Workspaces(config.dataDir),
    checks: new CheckService({ queue, store, logError: config.logError, runCheck }),
  };

  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    // Schemas validate; they never silently fix a request: no stripping, no type coercion.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
    // Requests are small; slow senders are cut off.
    requestTimeout: 30_000,
  });

  const hostNames = allowedHostNames(config.host);
  // Before listening (inject) the configured port counts; after, the one actually bound (port 0).
  const port = (): number => {
    const addr = app.server.address();
    return addr && typeof addr === 'object' ? addr.port : config.port;
  };

  app.setErrorHandler(makeErrorHandler(config.logError));
  app.addHook('onRequest', async (request) => {
    if (!hostAllowed(request.headers.host, hostNames, port())) throw hostError();
  });
  // onSend covers every reply that goes through Fastify, errors and 404s included.
  app.addHook('onSend', async (_request, reply) => {
    // The SPA document sets its own CSP, with the style nonce it embedded (static.ts).
    const own = reply.getHeader('content-security-policy');
    reply.headers(SECURITY_HEADERS);
    if (typeof own === 'string' && own.includes("'nonce-")) reply.header('content-security-policy', own);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  await registerStatic(app, config.webDist);

  // The one API route without a token: says whether the server is up and sandboxed.
  app.get('/api/health', async () => {
    const sb = sandboxInfo();
    return { ok: true, sandboxed: sb.kind === 'bwrap', sandboxNote: sb.note };
  });

  // Every other /api route lives in this plugin, whose first hook demands the token. Routes are
  // matched by Fastify's router, so the hook applies however the URL was spelled.
  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request) => {
        if (!bearerMatches(request.headers.authorization, token)) throw authError();
      });
      api.setNotFoundHandler((_request, reply) =>
        reply.code(404).send(errorBody('PYSEC_ERR_NOT_FOUND', 'No API route has this address.', 'See docs/api.md.')),
      );
      courseRoutes(api, ctx);
      quizRoutes(api, ctx);
      labRoutes(api, ctx);
      checkRoutes(api, ctx);
    },
    { prefix: '/api' },
  );

  app.addHook('onClose', async () => {
    await queue.close();
    await store.close();
  });

  app.decorate('pysecToken', token);
  app.decorate('pysecConfig', config);
  // Awaiting the instance (async return) also loads every plugin registered above.
  return app;
}
