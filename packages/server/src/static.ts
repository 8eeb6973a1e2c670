/**
 * @module static
 * The web app: files of the built SPA (packages/web/dist) without a token — they hold no
 * learner data — and index.html for any other GET outside /api, so the SPA's own routes
 * survive a reload. Without a build, `/` explains how to make one.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors.ts';
import { contentSecurityPolicy } from './security.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** The page shown when the SPA has not been built. No script, no style: the CSP allows neither inline. */
export function notBuiltPage(webDist: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>pysec</title></head>
<body>
<h1>pysec is running, but the web app is not built</h1>
<p>The server found no web app in <code>${escapeHtml(webDist)}</code>.</p>
<p>Build it once with <code>npm run build:web</code> in the pysec folder, then restart <code>pysec serve</code>.</p>
<p>The command line works without it: <code>npx pysec --help</code>.</p>
</body>
</html>
`;
}

function isApi(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

export async function registerStatic(app: FastifyInstance, webDist: string): Promise<void> {
  const built = existsSync(join(webDist, 'index.html'));
  const indexHtml = built ? readFileSync(join(webDist, 'index.html'), 'utf8') : '';
  /** The SPA document, with a fresh style nonce in its meta tag and in its CSP header. */
  const sendIndex = (reply: FastifyReply) => {
    const nonce = randomBytes(18).toString('base64');
    const html = indexHtml.replace('<meta name="pysec-style-nonce" content="" />', `<meta name="pysec-style-nonce" content="${nonce}" />`);
    return reply
      .code(200)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', contentSecurityPolicy(nonce))
      .send(html);
  };
  if (built) {
    await app.register(fastifyStatic, {
      root: webDist,
      // Never serve .env-style files even if a build drops one there.
      dotfiles: 'deny',
      // The document itself is served by sendIndex (it needs a nonce per response):
      // the not-found handler below answers for it.
      index: false,
      wildcard: true,
      allowedPath: (pathName) => pathName !== '/index.html' && !pathName.endsWith('/'),
    });
  }
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const spaRoute = (request.method === 'GET' || request.method === 'HEAD') && !isApi(request.url);
    if (!spaRoute) return reply.code(404).send(errorBody('PYSEC_ERR_NOT_FOUND', 'Nothing is at this address.', 'See docs/api.md.'));
    if (built) return sendIndex(reply);
    return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(notBuiltPage(webDist));
  });
}
