/** @module common — small pieces every page uses. */
import { type ReactNode, useEffect, useRef } from 'react';
import type { LabStatus } from '../api-types.ts';
import { ApiError } from '../lib/api.ts';
import { takeNavigated } from '../lib/router.tsx';

/** The page's h1; sets the document title and, after an in-app navigation, takes focus. */
export function PageHeading({ children, title, testId }: { children: ReactNode; title: string; testId?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · pysec`;
  }, [title]);
  useEffect(() => {
    if (takeNavigated()) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading" data-testid={testId}>
      {children}
    </h1>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" data-testid="loading">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function errorText(err: unknown): { message: string; hint?: string; code?: string } {
  if (err instanceof ApiError) {
    const out: { message: string; hint?: string; code?: string } = { message: err.message, code: err.code };
    if (err.hint) out.hint = err.hint;
    return out;
  }
  if (err instanceof Error) return { message: err.message };
  return { message: String(err) };
}

export function ErrorMessage({ error, retry, title = 'Something went wrong' }: { error: unknown; retry?: () => void; title?: string }) {
  const { message, hint, code } = errorText(error);
  return (
    <div className="notice notice-error" role="alert" data-testid="error">
      <p className="notice-title">{title}</p>
      <p className="pre-wrap">{message}</p>
      {hint && <p className="hint-line">{hint}</p>}
      {code && <p className="muted small">Code: {code}</p>}
      {retry && (
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

const DIFFICULTY = ['', 'beginner', 'intermediate', 'advanced'];

export function Stars({ difficulty }: { difficulty: number }) {
  const n = Math.max(1, Math.min(3, Math.round(difficulty)));
  const label = `Difficulty ${n} of 3${DIFFICULTY[n] ? ` (${DIFFICULTY[n]})` : ''}`;
  return (
    <span className="stars" title={label} data-difficulty={n}>
      <span aria-hidden="true">
        {'★'.repeat(n)}
        <span className="stars-off">{'★'.repeat(3 - n)}</span>
      </span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

const STATUS_LABEL: Record<LabStatus, string> = { new: 'New', started: 'Started', passed: 'Passed' };

export function StatusBadge({ status, testId }: { status: LabStatus; testId?: string }) {
  return (
    <span className={`badge status status-${status}`} data-status={status} data-testid={testId}>
      {status === 'passed' && <span aria-hidden="true">✔ </span>}
      {STATUS_LABEL[status] ?? status}
    </span>
  );
}

/** "exploit+fix" → "exploit + fix". */
export function labKindLabel(kind: string): string {
  return kind
    .split('+')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' + ');
}

export function KindBadge({ kind }: { kind: string }) {
  return <span className="badge kind">{labKindLabel(kind)}</span>;
}

export function ProgressBar({ value, max, label, testId }: { value: number; max: number; label: string; testId?: string }) {
  const pct = max > 0 ? Math.round((Math.min(value, max) / max) * 100) : 0;
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        aria-valuetext={`${value} of ${max}`}
        data-testid={testId}
      >
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="progress-text">
        {value} of {max} labs passed
      </span>
    </div>
  );
}
