/** Shared helpers for the project's own tests: the fixture course, submissions, host checks. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Course, findLab, type Lab, scanCourse } from '@pysec/core';
import { pristineFiles } from '@pysec/judge';
import { REPO_ROOT } from '@pysec/runner';

export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'course');
export const CLI = join(REPO_ROOT, 'packages', 'cli', 'bin', 'pysec.js');

export function fixtureCourse(): Course {
  const { course, issues } = scanCourse(FIXTURES);
  if (issues.length) throw new Error(`fixture course is invalid: ${JSON.stringify(issues)}`);
  return course;
}

export function fixtureLab(id: string): Lab {
  return findLab(fixtureCourse(), id);
}

/** The lab's pristine files with some replaced. */
export function submission(lab: Lab, files: Record<string, string>): Map<string, Uint8Array> {
  const m = pristineFiles(lab);
  for (const [k, v] of Object.entries(files)) m.set(k, Buffer.from(v));
  return m;
}

/** Processes whose command line contains `needle` (other than ourselves). */
export function processesMatching(needle: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle)) found.push(Number(pid));
    } catch {
      // gone
    }
  }
  return found;
}

/** Live (non-zombie) processes running as one of the given uids (default: the whole sandbox pool). */
export function sandboxProcesses(uids?: ReadonlySet<number>): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
      const state = /^State:\s+(\S)/m.exec(status)?.[1];
      const inPool = uids ? uids.has(uid) : uid >= 60_001 && uid < 61_001;
      if (inPool && state !== 'Z') found.push(Number(pid));
    } catch {
      // gone
    }
  }
  return found;
}

export async function eventually(cond: () => boolean, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}
