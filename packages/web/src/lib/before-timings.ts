/**
 * @module before-timings — the "before the fix" run of a timing check: the timings of the
 * first run of a check (per lab and check) that failed, kept in localStorage so the plot can
 * show them next to the current run. Storage errors (disabled, full, private mode) are ignored:
 * the plot then shows the current run alone.
 */
import { useEffect } from 'react';
import type { TimingPoint } from '../api-types.ts';
import { parseTimings } from './timings.ts';

const PREFIX = 'pysec.before';

function key(lab: string, check: string): string {
  return `${PREFIX}.${lab}.${check}`;
}

/** The stored "before" timings of a check, or undefined when none (or storage fails). */
export function loadBefore(lab: string, check: string): TimingPoint[] | undefined {
  try {
    const raw = window.localStorage.getItem(key(lab, check));
    if (raw === null) return undefined;
    const value: unknown = JSON.parse(raw);
    return parseTimings(typeof value === 'object' && value !== null ? (value as { timings?: unknown }).timings : undefined);
  } catch {
    return undefined;
  }
}

/** Stores the "before" timings of a check (only the fields the plot needs). */
export function rememberBefore(lab: string, check: string, timings: TimingPoint[]): void {
  try {
    const points = timings.map(({ family, length, ms, timed_out }) =>
      timed_out ? { family, length, ms, timed_out } : { family, length, ms },
    );
    window.localStorage.setItem(key(lab, check), JSON.stringify({ timings: points }));
  } catch {
    // storage unavailable or full: there is no "before" to show, which is fine
  }
}

/** Whether two runs have the same points (in any order). */
export function sameTimings(a: TimingPoint[], b: TimingPoint[]): boolean {
  if (a.length !== b.length) return false;
  const norm = (points: TimingPoint[]) =>
    points
      .map((p) => `${p.family}\u0000${p.length}\u0000${p.ms}\u0000${p.timed_out === true}`)
      .sort()
      .join('\u0001');
  return norm(a) === norm(b);
}

/**
 * The "before the fix" timings to draw beside `timings`: the stored run of the first failing
 * check, when it differs from the current one. A failing run is stored when none is yet.
 */
export function useBeforeTimings(
  lab: string | undefined,
  check: string,
  timings: TimingPoint[] | undefined,
  failed: boolean,
): TimingPoint[] | undefined {
  const stored = lab && timings ? loadBefore(lab, check) : undefined;
  const store = Boolean(lab && timings && failed && !stored);
  const serialised = store && timings ? JSON.stringify(timings) : undefined;
  useEffect(() => {
    if (!lab || serialised === undefined) return;
    const points = parseTimings(JSON.parse(serialised));
    // Another check view (or tab) may have stored one meanwhile: the first one stays.
    if (points && !loadBefore(lab, check)) rememberBefore(lab, check, points);
  }, [lab, check, serialised]);
  if (!stored || !timings || sameTimings(stored, timings)) return undefined;
  return stored;
}
