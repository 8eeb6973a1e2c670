/**
 * @module ServerHtml — the ONE place the app inserts HTML: lessons and lab tasks as the server
 * rendered them.
 *
 * Why this is safe: the server renders course Markdown with markdown-it and `html: false`, so
 * raw HTML in the content comes out as escaped text, and markdown-it's link validation allows
 * only http(s) and relative URLs (no javascript:). The content is the course's own, not other
 * learners'. And the CSP (`script-src 'self'`) would block any inline script or event handler
 * that slipped through anyway. Everything else in the app is rendered as React text.
 */
import type { MouseEvent } from 'react';
import { handleLinkClick } from '../lib/router.tsx';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };

function plainText(fragment: string): string {
  return fragment
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, name: string) => ENTITIES[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Drops a leading `<h1>` that repeats the page's own heading (Markdown files start with `# Title`). */
export function withoutTitle(html: string, title: string | undefined): string {
  if (!title) return html;
  const m = /^\s*<h1\b[^>]*>([\s\S]*?)<\/h1>\s*/.exec(html);
  if (!m || plainText(m[1] ?? '').toLowerCase() !== title.trim().toLowerCase()) return html;
  return html.slice(m[0].length);
}

export function ServerHtml({ html, className, testId, title }: { html: string; className?: string; testId?: string; title?: string }) {
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const anchor = (event.target as Element | null)?.closest?.('a[href]');
    if (anchor instanceof HTMLAnchorElement) handleLinkClick(event, anchor.getAttribute('href') ?? '');
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: delegates clicks on the links inside (which are focusable and keyboard-operable) to the router.
    // biome-ignore lint/a11y/useKeyWithClickEvents: same: links handle their own keyboard activation, which fires this click.
    <div
      className={`prose ${className ?? ''}`}
      data-testid={testId}
      onClick={onClick}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered Markdown with html:false; see the module comment.
      dangerouslySetInnerHTML={{ __html: withoutTitle(html, title) }}
    />
  );
}
