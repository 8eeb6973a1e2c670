/**
 * @module auth
 * The API token. `pysec serve` prints `http://127.0.0.1:<port>/#token=<token>`: the fragment
 * never reaches the server in a URL. At load we keep the token in sessionStorage (this tab
 * only, gone when it closes), drop it from the address bar and history, and send it as
 * `Authorization: Bearer …` on every API call. A 401 from any call flips the app to the
 * "open the link from your terminal" screen.
 */
import { useSyncExternalStore } from 'react';

const KEY = 'pysec.token';

export type AuthState = 'ok' | 'missing' | 'rejected';

let token: string | null = null;
let state: AuthState = 'missing';
const listeners = new Set<() => void>();

function storageGet(): string | null {
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    return null; // storage disabled: the token lives in memory for this page only
  }
}

function storageSet(value: string | null): void {
  try {
    if (value === null) window.sessionStorage.removeItem(KEY);
    else window.sessionStorage.setItem(KEY, value);
  } catch {
    // see storageGet
  }
}

function emit(): void {
  for (const listener of listeners) listener();
}

/** Extracts a token from a fragment such as "#token=abc" or "#x=1&token=abc". */
export function tokenFromFragment(fragment: string): string | null {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const value = params.get('token');
  return value ? value.trim() : null;
}

/** Extracts a token from what a learner pasted: the whole link, a fragment, or the bare token. */
export function tokenFromPaste(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const hash = trimmed.indexOf('#');
  if (hash >= 0) return tokenFromFragment(trimmed.slice(hash));
  if (trimmed.startsWith('token=')) return tokenFromFragment(trimmed);
  return /^[A-Za-z0-9_\-.~%+/=]+$/.test(trimmed) ? trimmed : null;
}

/** Takes `#token=…` out of the URL (and this tab's history); returns the token, if any. */
function consumeFragment(): string | null {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  if (!params.has('token')) return null;
  const value = params.get('token')?.trim() || null;
  params.delete('token');
  const rest = params.toString();
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search + (rest ? `#${rest}` : ''));
  return value;
}

/**
 * Reads `#token=…` (if any) into sessionStorage and removes it from the URL. Call once at
 * start. A link pasted into the address bar of an open tab changes only the fragment (no
 * reload), so fragment changes are watched too.
 */
export function initAuth(): void {
  const fromUrl = consumeFragment();
  if (fromUrl) storageSet(fromUrl);
  token = fromUrl ?? storageGet();
  state = token ? 'ok' : 'missing';
  window.addEventListener('hashchange', () => {
    const pasted = consumeFragment();
    if (pasted && pasted !== token) setToken(pasted);
  });
}

export function getToken(): string | null {
  return token;
}

/** Uses a token pasted by the learner. */
export function setToken(value: string): void {
  token = value;
  storageSet(value);
  state = 'ok';
  emit();
}

/** The server answered 401: the token is wrong or from an earlier `pysec serve`. */
export function markUnauthorized(): void {
  if (state === 'rejected') return;
  state = token ? 'rejected' : 'missing';
  if (token) storageSet(null);
  token = null;
  emit();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useAuthState(): AuthState {
  return useSyncExternalStore(subscribe, () => state);
}
