/**
 * @module security
 * The server's three gates, applied before any route runs:
 *  - the Host header must name this server (a DNS-rebinding page has its own name there);
 *  - every API route needs the token, sent as `Authorization: Bearer <token>` — never from a
 *    URL or a cookie, so a cross-site page can neither read nor forge a request that counts;
 *  - every response carries headers that keep the app out of frames and off foreign scripts.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { PysecError } from '@pysec/core';

/** A fresh API token: 32 random bytes, hex. */
export function makeToken(): string {
  return randomBytes(32).toString('hex');
}

const TOKEN_FORMAT = /^[0-9a-f]{64}$/;

/** True when `header` is exactly `Bearer <token>`; compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  if (typeof header !== 'string') return false;
  // The scheme name is case-insensitive (RFC 9110); the token is not.
  const match = /^Bearer ([0-9a-fA-F]{64})$/i.exec(header);
  if (!match?.[1] || !TOKEN_FORMAT.test(token)) return false;
  // Both are 64 ASCII hex characters here, so the lengths match and timingSafeEqual cannot throw.
  return timingSafeEqual(Buffer.from(match[1], 'ascii'), Buffer.from(token, 'ascii'));
}

export function authError(): PysecError {
  return new PysecError('PYSEC_ERR_AUTH', 'This request needs the pysec server token.', {
    hint: 'Open the address `pysec serve` printed (it ends in #token=…); the app sends the token as `Authorization: Bearer <token>`.',
  });
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

function bracket(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/**
 * The host names a browser may put in the Host header. Only loopback names and IP literals of
 * this machine: a DNS-rebinding attack needs a name the attacker controls, and no such name is
 * ever accepted.
 */
export function allowedHostNames(listenHost: string): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  const h = listenHost.toLowerCase();
  if (h === '0.0.0.0' || h === '::') {
    for (const list of Object.values(networkInterfaces())) {
      for (const addr of list ?? []) names.add(bracket(addr.address.toLowerCase()));
    }
  } else if (h !== '') {
    names.add(bracket(h));
  }
  return names;
}

/** Checks a Host header against the allowed names and the port the server listens on. */
export function hostAllowed(header: string | undefined, names: ReadonlySet<string>, port: number): boolean {
  if (typeof header !== 'string') return false;
  const value = header.toLowerCase();
  // Browsers leave out the default port.
  if (port === 80 && names.has(value)) return true;
  const colon = value.lastIndexOf(':');
  if (colon < 0) return false;
  return names.has(value.slice(0, colon)) && value.slice(colon + 1) === String(port);
}

export function hostError(): PysecError {
  return new PysecError('PYSEC_ERR_HOST', 'This server answers only to the address it printed (127.0.0.1 or localhost).', {
    hint: 'Open the http://127.0.0.1:<port>/ address that `pysec serve` printed.',
  });
}

/**
 * The Content-Security-Policy. Styles are 'self' plus, on the SPA's own document, a nonce
 * made fresh for each response: the code editor (CodeMirror) adds its styles in <style>
 * elements carrying that nonce (EditorView.cspNonce), so no 'unsafe-inline' is needed.
 */
export function contentSecurityPolicy(styleNonce?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    styleNonce ? `style-src 'self' 'nonce-${styleNonce}'` : "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

const CSP = contentSecurityPolicy();

/** Sent with every response, static or API. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CSP,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
