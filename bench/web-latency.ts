/**
 * The web path of `npm run bench`: time from `POST /api/labs/sqli-login/checks` to the
 * `verdict` event on the check's event stream, against a real `pysec serve` (real engine,
 * sandbox and store) on loopback, next to the same check through the engine directly (what
 * the CLI does) in the same run; and the web app's initial JavaScript, gzipped.
 *
 *   node bench/web-latency.ts [--runs 30]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { findLab, loadCourse } from '@pysec/core';
import { checkLab, withOverlay } from '@pysec/judge';
import { contentDir, REPO_ROOT } from '@pysec/runner';
import { startServer } from '@pysec/server';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' } } });
const runs = Number(values.runs);
const LAB = 'sqli-login';
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? Number.NaN;

const lab = findLab(loadCourse(contentDir()), LAB);
const files = withOverlay(lab, 'solution');
const dataDir = mkdtempSync(join(tmpdir(), 'pysec-webbench-'));
const server = await startServer({ host: '127.0.0.1', port: 0, dataDir, out: () => {} });
const base = server.url.replace(/#.*/, '');
const token = server.url.split('#token=')[1] ?? '';
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

// Put the reference solution into the server-side workspace, as a learner's editor would.
for (const step of lab.spec.steps) {
  for (const path of step.files) {
    const content = Buffer.from(files.get(path) ?? '').toString('utf8');
    const res = await fetch(`${base}api/labs/${LAB}/files`, { method: 'PUT', headers, body: JSON.stringify({ path, content }) });
    if (!res.ok) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
  }
}

async function webCheck(): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${base}api/labs/${LAB}/checks`, { method: 'POST', headers, body: '{}' });
  const { checkId } = (await res.json()) as { checkId: string };
  const stream = await fetch(`${base}api/checks/${checkId}/events`, { headers: { authorization: headers.authorization } });
  const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended without a verdict');
    text += Buffer.from(value).toString('utf8');
    if (text.includes('event: verdict')) break;
    if (text.includes('event: error')) throw new Error(text);
  }
  const took = performance.now() - started;
  await reader.cancel();
  if (!text.includes('"passed":true')) throw new Error('the web check did not pass');
  return took;
}

async function engineCheck(): Promise<number> {
  const started = performance.now();
  const v = await checkLab(lab, files);
  if (!v.passed) throw new Error('the engine check did not pass');
  return performance.now() - started;
}

const web: number[] = [];
const engine: number[] = [];
for (let i = 0; i < 2; i++) {
  await webCheck();
  await engineCheck();
}
for (let i = 0; i < runs; i++) {
  web.push(await webCheck());
  engine.push(await engineCheck());
}
await server.close();
rmSync(dataDir, { recursive: true, force: true });

const dist = join(REPO_ROOT, 'packages', 'web', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<script[^>]+src="\/([^"]+)"/g)].map((m) => m[1] as string);
const initialGz = initial.reduce((n, f) => n + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);
const lazy = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js') && !initial.includes(`assets/${f}`));
const lazyGz = lazy.reduce((n, f) => n + gzipSync(readFileSync(join(dist, 'assets', f)), { level: 9 }).length, 0);

const delta = pct(web, 50) - pct(engine, 50);
console.log(`\nweb path: ${runs} checks of ${LAB} (reference solution) through pysec serve, POST → verdict event`);
console.log(`  web     p50 ${pct(web, 50).toFixed(0)} ms, p95 ${pct(web, 95).toFixed(0)} ms`);
console.log(`  engine  p50 ${pct(engine, 50).toFixed(0)} ms, p95 ${pct(engine, 95).toFixed(0)} ms  (the CLI's path, same run)`);
console.log(`  web − engine at p50: ${delta.toFixed(0)} ms (bar ≤ 50 ms: ${delta <= 50 ? 'met' : 'NOT met'})`);
console.log(
  `  initial JS ${(initialGz / 1024).toFixed(1)} KiB gzipped (bar ≤ 300 KB: ${initialGz <= 300_000 ? 'met' : 'NOT met'}); editor loaded on demand: ${(lazyGz / 1024).toFixed(1)} KiB gzipped`,
);
