/** @module timings — reading `details.timings` of a timing check (redos) and the plot's log scales. */
import type { TimingPoint } from '../api-types.ts';

/** The valid points of `details.timings`, or undefined when there are none. */
export function parseTimings(value: unknown): TimingPoint[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const points: TimingPoint[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const { family, length, ms, timed_out } = item as Record<string, unknown>;
    if (typeof length !== 'number' || typeof ms !== 'number' || !Number.isFinite(length) || !Number.isFinite(ms)) continue;
    const point: TimingPoint = { family: typeof family === 'string' && family ? family : 'input', length, ms };
    if (timed_out === true) point.timed_out = true;
    points.push(point);
  }
  return points.length > 0 ? points : undefined;
}

/** Points grouped by family, in order of first appearance, each sorted by length. */
export function byFamily(points: TimingPoint[]): { family: string; points: TimingPoint[] }[] {
  const groups = new Map<string, TimingPoint[]>();
  for (const p of points) {
    const list = groups.get(p.family);
    if (list) list.push(p);
    else groups.set(p.family, [p]);
  }
  return [...groups].map(([family, list]) => ({ family, points: [...list].sort((a, b) => a.length - b.length) }));
}

export const MIN_MS = 0.01;

export interface LogScale {
  /** Maps a value to [0, 1]. */
  at(value: number): number;
  /** Tick values (powers of the base inside the domain). */
  ticks: number[];
}

/** A logarithmic scale over whole powers of `base` that contain [min, max]. */
export function logScale(min: number, max: number, base: number, maxTicks = 9): LogScale {
  const lo = Math.log(Math.max(min, Number.MIN_VALUE)) / Math.log(base);
  const hi = Math.log(Math.max(max, Number.MIN_VALUE)) / Math.log(base);
  let from = Math.floor(lo + 1e-9);
  let to = Math.ceil(hi - 1e-9);
  if (to <= from) {
    from -= base === 2 ? 1 : 0;
    to = from + (base === 2 ? 2 : 1);
  }
  const step = Math.max(1, Math.ceil((to - from) / (maxTicks - 1)));
  const ticks: number[] = [];
  for (let e = from; e <= to; e += step) ticks.push(base ** e);
  return {
    at: (value) => (Math.log(Math.max(value, Number.MIN_VALUE)) / Math.log(base) - from) / (to - from),
    ticks,
  };
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${+(ms / 1000).toPrecision(3)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  if (ms >= 0.1) return `${+ms.toPrecision(2)} ms`;
  return `${+ms.toPrecision(1)} ms`;
}

export function formatLength(n: number): string {
  return n >= 10000 ? `${+(n / 1000).toPrecision(3)}k` : String(n);
}
