/** Shared by the server's tests: a server on a temporary data dir, and requests to it by inject. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions, LightMyRequestResponse as LightResponse } from 'fastify';
import { type CreateOptions, createServer, type PysecServer } from './app.ts';
import type { CheckEvent } from './checks.ts';

export const PORT = 8457;
export const HOST = `127.0.0.1:${PORT}`;
export const TOKEN = 'c0ffee'.repeat(11).slice(0, 64);
export const WRONG_TOKEN = 'f'.repeat(64);

export interface TestServer {
  app: PysecServer;
  dataDir: string;
  call(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string | undefined>): Promise<LightResponse>;
  json<T = Record<string, unknown>>(method: InjectOptions['method'], url: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function testServer(options: CreateOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pysec-server-test-'));
  const app = await createServer({
    port: PORT,
    token: TOKEN,
    dataDir,
    webDist: join(dataDir, 'no-web-build'),
    logError: () => undefined,
    ...options,
  });
  const call: TestServer['call'] = (method, url, body, headers = {}) => {
    const all: Record<string, string> = { host: HOST, authorization: `Bearer ${TOKEN}` };
    for (const [k, v] of Object.entries(headers)) {
      if (v === undefined) delete all[k];
      else all[k] = v;
    }
    return app.inject({ method, url, headers: all, ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }) });
  };
  return {
    app,
    dataDir,
    call,
    async json(method, url, body) {
      const res = await call(method, url, body);
      return { status: res.statusCode, body: res.json() };
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Parses a text/event-stream body into events. */
export function parseEvents(text: string): CheckEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '' && !block.startsWith(':'))
    .map((block) => {
      const name = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      return { event: name, data: JSON.parse(data ?? 'null') } as CheckEvent;
    });
}
