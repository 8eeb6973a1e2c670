/**
 * Throughput of `pysec serve` on this machine: sqli-login reference checks through the real
 * API and queue, with 1, 2 and 8 check slots (each sustained for `--seconds`), then a burst of
 * `--burst` checks posted at once: time until the last verdict, and that none was lost.
 *
 *   node bench/throughput.ts [--seconds 10] [--burst 100]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findLab, loadCourse } from '@pysec/core';
import { withOverlay } from '@pysec/judge';
import { contentDir } from '@pysec/runner';
import { startServer } from '@pysec/server';
import { machineBusyMs } from './machine-cpu.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, burst: { type: 'string', default: '100' } } });
const seconds = Number(values.seconds);
const burst = Number(values.burst);
const LAB = 'sqli-login';
const lab = findLab(loadCourse(contentDir()), LAB);
const files = withOverlay(lab, 'solution');

async function withServer<T>(
  slots: number,
  queueMax: number,
  fn: (base: string, headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pysec-tput-'));
  const server = await startServer({ host: '127.0.0.1', port: 0, dataDir, checkSlots: slots, queueMax, out: () => {} });
  const base = server.url.replace(/#.*/, '');
  const headers = { authorization: `Bearer ${server.url.split('#token=')[1]}`, 'content-type': 'application/json' };
  try {
    for (const step of lab.spec.steps) {
      for (const path of step.files) {
        const content = Buffer.from(files.get(path) ?? '').toString('utf8');
        await fetch(`${base}api/labs/${LAB}/files`, { method: 'PUT', headers, body: JSON.stringify({ path, content }) });
      }
    }
    return await fn(base, headers);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Posts one check and waits for its final event; true when it ended with a passing verdict. */
async function oneCheck(base: string, headers: Record<string, string>): Promise<boolean> {
  const res = await fetch(`${base}api/labs/${LAB}/checks`, { method: 'POST', headers, body: '{}' });
  if (res.status !== 202) return false;
  const { checkId } = (await res.json()) as { checkId: string };
  const stream = await fetch(`${base}api/checks/${checkId}/events`, { headers: { authorization: headers.authorization as string } });
  const text = await stream.text(); // the stream ends after the final event
  return text.includes('event: verdict') && text.includes('"passed":true');
}

console.log(`pysec throughput — ${availableParallelism()} cores, ${LAB} reference solution through pysec serve`);
let best = 0;
for (const slots of [1, 2, 8]) {
  const result = await withServer(slots, 1000, async (base, headers) => {
    let done = 0;
    let failed = 0;
    const end = performance.now() + seconds * 1000;
    const started = performance.now();
    const busy0 = machineBusyMs();
    // Keep exactly `slots` checks in flight: sustained load, no queueing.
    await Promise.all(
      Array.from({ length: slots }, async () => {
        while (performance.now() < end) {
          if (await oneCheck(base, headers)) done++;
          else failed++;
        }
      }),
    );
    const wall = performance.now() - started;
    const busy = machineBusyMs() - busy0;
    return {
      rate: done / (wall / 1000),
      done,
      failed,
      cpuPerCheck: busy / Math.max(1, done + failed),
      load: busy / wall / availableParallelism(),
    };
  });
  best = Math.max(best, result.rate);
  console.log(
    `  ${String(slots).padStart(2)} concurrent: ${result.rate.toFixed(1)} checks/s (${result.done} passed, ${result.failed} failed); machine CPU ${result.cpuPerCheck.toFixed(0)} ms per check, cores ${(result.load * 100).toFixed(0)}% busy`,
  );
}
const cores = availableParallelism();
const b = await withServer(cores, burst, async (base, headers) => {
  const started = performance.now();
  const outcomes = await Promise.all(Array.from({ length: burst }, () => oneCheck(base, headers)));
  return { ms: performance.now() - started, passed: outcomes.filter(Boolean).length };
});
console.log(
  `  burst of ${burst} with ${cores} slots: last verdict after ${(b.ms / 1000).toFixed(1)} s; ${b.passed} of ${burst} verdicts, ${burst - b.passed} lost`,
);
console.log(`  bar (issue 5): ≥ 15 checks/s sustained: ${best >= 15 ? 'met' : 'NOT met'} (best ${best.toFixed(1)})`);
