/**
 * @module markdown
 * Task and lesson Markdown rendered to HTML on the server, so the browser never needs an
 * HTML-producing Markdown library. Content is written by course authors, yet it is still
 * treated as untrusted: raw HTML in it is shown as text (`html: false`), and links may only
 * go to http(s), a relative address, or an anchor — no `javascript:`, `data:`, `file:`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab, Module } from '@pysec/core';
import MarkdownIt from 'markdown-it';

/** Allowed: http(s)://…, #anchor, and relative addresses (no scheme, not protocol-relative). */
export function linkAllowed(url: string): boolean {
  const u = url.trim();
  if (u.startsWith('#')) return true;
  // Browsers ignore tabs and newlines inside schemes ("java\tscript:") and treat "\" like "/".
  const compact = u.replace(/[\t\n\r]/g, '').toLowerCase();
  if (compact.startsWith('//') || compact.startsWith('\\') || compact.startsWith('/\\')) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact);
  if (scheme) return scheme[1] === 'http' || scheme[1] === 'https';
  // A colon before any "/", "?" or "#" would be read as a scheme by some parser: refuse it.
  return !/^[^/?#]*:/.test(compact);
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.validateLink = linkAllowed;

// Links that leave the app open without handing it a window reference.
const defaultLinkOpen = md.renderer.rules.link_open;
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const href = token?.attrGet('href') ?? '';
  if (token && /^https?:/i.test(href)) token.attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen ? defaultLinkOpen(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
};

export function renderMarkdown(source: string): string {
  return md.render(source);
}

/** Rendered once per lab and module: content does not change while the server runs. */
const cache = new Map<string, string>();

function renderFile(file: string): string {
  let html = cache.get(file);
  if (html === undefined) {
    html = renderMarkdown(readFileSync(file, 'utf8'));
    cache.set(file, html);
  }
  return html;
}

export function taskHtml(lab: Lab): string {
  return renderFile(join(lab.dir, 'task.md'));
}

/** A module's lessons (module.yaml `lessons`, in order) as one HTML document; undefined when it has none. */
export function lessonHtml(mod: Module): string | undefined {
  if (mod.spec.lessons.length === 0) return undefined;
  return mod.spec.lessons
    .map((rel) => join(mod.dir, rel))
    .filter((file) => existsSync(file))
    .map(renderFile)
    .join('\n');
}
