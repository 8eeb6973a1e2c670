/**
 * @module router
 * History routing without a library: `/`, `/modules/:id/lesson`, `/modules/:id/quiz`,
 * `/labs/:id` (the server serves index.html for every non-API path). A page with unsaved work
 * registers a leave guard; in-app navigation and Back then ask before leaving.
 */
import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

export type Route =
  | { name: 'course' }
  | { name: 'lesson'; module: string }
  | { name: 'quiz'; module: string }
  | { name: 'lab'; lab: string }
  | { name: 'not-found'; path: string };

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean);
  if (parts.length === 0) return { name: 'course' };
  const [a, b, c] = parts.map(decode);
  if (parts.length === 3 && a === 'modules' && b && (c === 'lesson' || c === 'quiz')) {
    return c === 'lesson' ? { name: 'lesson', module: b } : { name: 'quiz', module: b };
  }
  if (parts.length === 2 && a === 'labs' && b) return { name: 'lab', lab: b };
  return { name: 'not-found', path: pathname };
}

export const paths = {
  course: () => '/',
  lesson: (module: string) => `/modules/${encodeURIComponent(module)}/lesson`,
  quiz: (module: string) => `/modules/${encodeURIComponent(module)}/quiz`,
  lab: (lab: string) => `/labs/${encodeURIComponent(lab)}`,
};

const listeners = new Set<() => void>();
let leaveGuard: (() => string | null) | null = null;
let currentUrl = typeof window === 'undefined' ? '/' : window.location.pathname + window.location.search;
/** True right after an in-app navigation: the new page moves focus to its heading. */
let navigated = false;

function notify(): void {
  for (const listener of listeners) listener();
}

/** Registers the question to ask before leaving (null: nothing to lose). Returns the unregister function. */
export function setLeaveGuard(guard: () => string | null): () => void {
  leaveGuard = guard;
  return () => {
    if (leaveGuard === guard) leaveGuard = null;
  };
}

function mayLeave(): boolean {
  const question = leaveGuard?.();
  return !question || window.confirm(question);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (!mayLeave()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  currentUrl = to;
  navigated = true;
  window.scrollTo(0, 0);
  notify();
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    const url = window.location.pathname + window.location.search;
    if (url === currentUrl) return; // a fragment-only change
    if (!mayLeave()) {
      window.history.pushState(null, '', currentUrl); // stay: put the page back on top
      return;
    }
    currentUrl = url;
    navigated = true;
    notify();
  });
}

/** Whether the page being shown was reached by navigation (not the first load); read once. */
export function takeNavigated(): boolean {
  const value = navigated;
  navigated = false;
  return value;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRoute(): Route {
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname);
  return parseRoute(pathname);
}

/** Handles a click on a same-origin link in app-rendered or server-rendered HTML. */
export function handleLinkClick(event: MouseEvent<HTMLElement>, href: string): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  let url: URL;
  try {
    url = new URL(href, window.location.href);
  } catch {
    return;
  }
  if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
  if (url.pathname === window.location.pathname && url.hash) return; // an anchor on this page
  event.preventDefault();
  navigate(url.pathname + url.search);
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

export function Link({ to, onClick, children, ...rest }: LinkProps) {
  return (
    <a
      {...rest}
      href={to}
      onClick={(event) => {
        onClick?.(event);
        handleLinkClick(event, to);
      }}
    >
      {children}
    </a>
  );
}
