/** @module machine-cpu — the benches' CPU measure, shared by bench/ and scripts/dev/. */
import { readFileSync } from 'node:fs';

/**
 * Busy time of the whole machine so far, in ms: every CPU, kernel workers included (what
 * throughput pays), from the first line of /proc/stat (user, nice, system, irq, softirq,
 * steal; 100 ticks per second). NaN where /proc/stat cannot be read.
 */
export function machineBusyMs(): number {
  try {
    const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    return ((f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0)) * 10;
  } catch {
    return Number.NaN;
  }
}
