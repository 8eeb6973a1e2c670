/**
 * @module api
 * The pysec API (docs/api.md) as typed functions. Every call sends the bearer token; a 401
 * switches the app to the sign-in screen (see auth.ts); errors become ApiError with the
 * server's code, message and hint.
 */
import type {
  ApiErrorBody,
  CheckCreated,
  CheckEvent,
  CheckState,
  Course,
  FilesResponse,
  Health,
  HintsResponse,
  LabDetail,
  Lesson,
  Quiz,
  QuizAnswer,
  SaveResponse,
  Solution,
} from '../api-types.ts';
import { getToken, markUnauthorized } from './auth.ts';
import { readSse } from './sse.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly hint: string | undefined;

  constructor(status: number, code: string, message: string, hint?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.hint = hint;
  }
}

const enc = encodeURIComponent;

/** Messages for error bodies that carry only a code (and maybe a hint). */
const FALLBACK: Record<string, string> = {
  PYSEC_ERR_QUEUE_FULL: 'The check queue is full.',
  PYSEC_ERR_AUTH: 'The server did not accept the token.',
  PYSEC_ERR_SOLUTION_LOCKED: 'The solution opens after a pass.',
};

function errorOf(value: unknown): { code: string; message: string; hint?: string } | undefined {
  if (typeof value !== 'object' || value === null || !('error' in value)) return undefined;
  const error = (value as ApiErrorBody).error as Partial<ApiErrorBody['error']> | null;
  if (typeof error !== 'object' || error === null) return undefined;
  const code = typeof error.code === 'string' ? error.code : '';
  const hint = typeof error.hint === 'string' && error.hint ? error.hint : undefined;
  const message = typeof error.message === 'string' && error.message ? error.message : (FALLBACK[code] ?? hint ?? code);
  if (!message) return undefined;
  return hint && hint !== message ? { code, message, hint } : { code, message };
}

const UNREACHABLE = 'The pysec server does not answer. Is `pysec serve` (or `npm start`) still running in your terminal?';

function headers(extra?: Record<string, string>): Headers {
  const h = new Headers(extra);
  const token = getToken();
  if (token) h.set('Authorization', `Bearer ${token}`);
  return h;
}

/** Turns a non-2xx response into an ApiError (and a 401 into the sign-in screen). */
async function failure(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (res.status === 401) markUnauthorized();
  const error = errorOf(body);
  if (error) return new ApiError(res.status, error.code || `HTTP_${res.status}`, error.message, error.hint);
  const status = res.statusText ? `${res.status} ${res.statusText}` : String(res.status);
  return new ApiError(res.status, `HTTP_${res.status}`, `The server answered ${status}.`);
}

async function send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  if (!getToken()) {
    markUnauthorized();
    throw new ApiError(401, 'PYSEC_ERR_AUTH', 'No token: open the link pysec printed in your terminal.');
  }
  const init: RequestInit = { method, headers: headers(body === undefined ? undefined : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (signal) init.signal = signal;
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', UNREACHABLE);
  }
  if (!res.ok) throw await failure(res);
  return res;
}

async function json<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const res = await send(method, path, body, signal);
  return (await res.json()) as T;
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

export const api = {
  /** No token needed. */
  async health(signal?: AbortSignal): Promise<Health | undefined> {
    try {
      const res = await fetch('/api/health', signal ? { signal } : {});
      return res.ok ? ((await res.json()) as Health) : undefined;
    } catch {
      return undefined;
    }
  },
  course: (signal?: AbortSignal) => json<Course>('GET', '/api/course', undefined, signal),
  lesson: (module: string, signal?: AbortSignal) => json<Lesson>('GET', `/api/modules/${enc(module)}/lesson`, undefined, signal),
  quiz: (module: string, signal?: AbortSignal) => json<Quiz>('GET', `/api/modules/${enc(module)}/quiz`, undefined, signal),
  answer: (module: string, question: string, answer: number) =>
    json<QuizAnswer>('POST', `/api/modules/${enc(module)}/quiz/${enc(question)}`, { answer }),
  lab: (lab: string, signal?: AbortSignal) => json<LabDetail>('GET', `/api/labs/${enc(lab)}`, undefined, signal),
  files: (lab: string, signal?: AbortSignal) => json<FilesResponse>('GET', `/api/labs/${enc(lab)}/files`, undefined, signal),
  save: (lab: string, path: string, content: string) => json<SaveResponse>('PUT', `/api/labs/${enc(lab)}/files`, { path, content }),
  reset: (lab: string, path?: string) => json<FilesResponse>('POST', `/api/labs/${enc(lab)}/reset`, path === undefined ? {} : { path }),
  hint: (lab: string) => json<HintsResponse>('POST', `/api/labs/${enc(lab)}/hint`, {}),
  startCheck: (lab: string, step?: string) =>
    json<CheckCreated>('POST', `/api/labs/${enc(lab)}/checks`, step === undefined ? {} : { step }),
  checkState: (checkId: string, signal?: AbortSignal) => json<CheckState>('GET', `/api/checks/${enc(checkId)}`, undefined, signal),
  solution: (lab: string, confirm: boolean) => json<Solution>('GET', `/api/labs/${enc(lab)}/solution${confirm ? '?confirm=1' : ''}`),
};

const EVENT_TYPES = new Set(['queued', 'started', 'step', 'verdict', 'error']);

/** One SSE message as a CheckEvent: the SSE event name is the type (a `type` field in the JSON also works). */
export function toCheckEvent(event: string, data: string): CheckEvent | undefined {
  let payload: unknown;
  try {
    payload = data.trim() ? JSON.parse(data) : {};
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null) return undefined;
  const fields = payload as Record<string, unknown>;
  const type = EVENT_TYPES.has(event) ? event : typeof fields.type === 'string' ? fields.type : event;
  if (!EVENT_TYPES.has(type)) return undefined;
  return { ...fields, type } as CheckEvent;
}

/**
 * Follows a check until its verdict or error: streams `/api/checks/:id/events` and, if the
 * stream breaks off before the end, polls `/api/checks/:id` instead. Resolves with the final
 * event; every event (final included) also goes to `onEvent`.
 */
export async function followCheck(checkId: string, onEvent: (e: CheckEvent) => void, signal: AbortSignal): Promise<CheckEvent> {
  try {
    const res = await send('GET', `/api/checks/${enc(checkId)}/events`, undefined, signal);
    if (res.body) {
      for await (const message of readSse(res.body, signal)) {
        const event = toCheckEvent(message.event, message.data);
        if (!event) continue;
        onEvent(event);
        if (event.type === 'verdict' || event.type === 'error') return event;
      }
    }
  } catch (err) {
    if (isAbort(err) || signal.aborted) throw err;
    if (err instanceof ApiError && err.status !== 0 && err.status < 500) throw err;
    // a broken stream: fall through to polling
  }
  return pollCheck(checkId, onEvent, signal);
}

async function pollCheck(checkId: string, onEvent: (e: CheckEvent) => void, signal: AbortSignal): Promise<CheckEvent> {
  let lastState = '';
  let failures = 0;
  for (;;) {
    if (signal.aborted) throw new DOMException('aborted', 'AbortError');
    let state: CheckState | undefined;
    try {
      state = await api.checkState(checkId, signal);
      failures = 0;
    } catch (err) {
      if (isAbort(err) || signal.aborted) throw err;
      if (err instanceof ApiError && err.status !== 0 && err.status < 500) throw err;
      failures++;
      if (failures >= 10) throw err;
    }
    if (state) {
      if (state.state === 'done' && state.verdict) {
        const event: CheckEvent = { type: 'verdict', verdict: state.verdict, labPassed: Boolean(state.labPassed) };
        onEvent(event);
        return event;
      }
      if (state.state === 'failed') {
        const event: CheckEvent = {
          type: 'error',
          code: state.error?.code ?? 'PYSEC_ERR_INTERNAL',
          message: state.error?.message ?? 'The check failed.',
          ...(state.error?.hint ? { hint: state.error.hint } : {}),
        };
        onEvent(event);
        return event;
      }
      const key = `${state.state}:${state.position ?? ''}`;
      if (key !== lastState) {
        lastState = key;
        onEvent(state.state === 'queued' ? { type: 'queued', position: state.position ?? 0 } : { type: 'started' });
      }
    }
    await new Promise<void>((resolve) => {
      const timer = window.setTimeout(resolve, 1000);
      signal.addEventListener(
        'abort',
        () => {
          window.clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}
