/**
 * @module prove
 * A lab proves itself through the real judge (style.md, "content proves itself"):
 *  - the untouched lab fails every step a learner must change;
 *  - the reference solution (solution/) passes every step;
 *  - in exploit+fix labs, the reference exploit fails against the reference fix;
 *  - every known-bad fix fails its step, on each check its metadata names;
 *  - every alternative fix passes;
 *  - no check trips over a judge bug along the way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Lab, StepVerdict, Verdict } from '@pysec/core';
import { HIDDEN_ENTRIES } from '@pysec/core';
import { runStep } from './broker.ts';
import { checkLab } from './check.ts';

export interface ProofResult {
  case: string;
  ok: boolean;
  problem?: string;
  durationMs: number;
}

export function readTree(dir: string, into = new Map<string, Uint8Array>(), prefix = dir): Map<string, Uint8Array> {
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    if (full.includes('__pycache__')) continue;
    into.set(relative(prefix, full), readFileSync(full));
  }
  return into;
}

/** The files a learner starts with. */
export function pristineFiles(lab: Lab): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const entry of readdirSync(lab.dir, { withFileTypes: true })) {
    if (HIDDEN_ENTRIES.has(entry.name)) continue;
    if (entry.isFile()) files.set(entry.name, readFileSync(join(lab.dir, entry.name)));
    else if (entry.isDirectory()) readTree(join(lab.dir, entry.name), files, lab.dir);
  }
  return files;
}

export function withOverlay(lab: Lab, ...folders: string[]): Map<string, Uint8Array> {
  const files = pristineFiles(lab);
  for (const f of folders) readTree(join(lab.dir, f), files);
  return files;
}

function judgeBugs(v: Verdict | StepVerdict): string[] {
  const steps = 'steps' in v ? v.steps : [v];
  const out: string[] = [];
  for (const s of steps) {
    if (s.error?.code === 'PYSEC_ERR_JUDGE_CRASHED') out.push(`step ${s.step}: ${s.error.message}`);
    for (const c of s.checks) if (c.details?.judgeError) out.push(`check ${c.id}: judge error\n${String(c.details.judgeError)}`);
  }
  return out;
}

function summary(v: Verdict): string {
  return v.steps
    .map((s) => {
      const failed = s.checks.filter((c) => !c.passed).map((c) => `${c.id} (${c.message})`);
      return `${s.step}: ${s.passed ? 'passed' : s.error ? `error: ${s.error.message}` : `failed ${failed.join('; ')}`}`;
    })
    .join(' | ');
}

export async function proveLab(lab: Lab, onResult?: (r: ProofResult) => void): Promise<ProofResult[]> {
  const results: ProofResult[] = [];
  const record = (r: ProofResult) => {
    results.push(r);
    onResult?.(r);
  };
  const timed = async (name: string, fn: () => Promise<string | undefined>) => {
    const t = performance.now();
    let problem: string | undefined;
    try {
      problem = await fn();
    } catch (err) {
      problem = `threw ${(err as Error).stack ?? String(err)}`;
    }
    record({ case: name, ok: problem === undefined, ...(problem ? { problem } : {}), durationMs: performance.now() - t });
  };

  await timed('untouched lab fails', async () => {
    const v = await checkLab(lab, pristineFiles(lab), { debugJudge: true });
    const bugs = judgeBugs(v);
    if (bugs.length) return bugs.join('\n');
    const passing = v.steps.filter((s) => s.passed).map((s) => s.step);
    return passing.length ? `step(s) ${passing.join(', ')} pass without any change` : undefined;
  });
  const solution = withOverlay(lab, 'solution');
  await timed('reference solution passes', async () => {
    const v = await checkLab(lab, solution, { revealHidden: true, debugJudge: true });
    const bugs = judgeBugs(v);
    if (bugs.length) return bugs.join('\n');
    return v.passed ? undefined : summary(v);
  });
  const exploit = lab.spec.steps.find((s) => s.kind === 'exploit');
  const fixFiles = new Map([...solution].filter(([rel]) => lab.spec.steps.some((s) => s.kind === 'fix' && s.files.includes(rel))));
  if (exploit && fixFiles.size > 0) {
    await timed('reference exploit fails against the reference fix', async () => {
      const v = await runStep({ lab, step: exploit, submission: solution, targetOverlay: fixFiles, debugJudge: true });
      const bugs = judgeBugs(v);
      if (bugs.length) return bugs.join('\n');
      return v.passed ? 'the exploit still succeeds against solution/' : undefined;
    });
  }
  for (const bad of lab.spec.bad_fixes) {
    await timed(`bad fix ${bad.name} fails on ${bad.fails.join(', ')}`, async () => {
      const v = await checkLab(lab, withOverlay(lab, 'solution', `bad-fixes/${bad.name}`), { step: bad.step, debugJudge: true });
      const step = v.steps[0] as StepVerdict;
      const bugs = judgeBugs(v);
      if (bugs.length) return bugs.join('\n');
      if (step.error) return `step error instead of failing checks: ${step.error.message}`;
      const problems: string[] = [];
      for (const id of bad.fails) {
        const c = step.checks.find((x) => x.id === id);
        if (!c) problems.push(`the judge has no check "${id}" (checks: ${step.checks.map((x) => x.id).join(', ')})`);
        else if (c.passed) problems.push(`check "${id}" passes`);
      }
      return problems.length ? problems.join('; ') : undefined;
    });
  }
  for (const alt of lab.spec.alternative_fixes) {
    await timed(`alternative fix ${alt.name} passes`, async () => {
      const v = await checkLab(lab, withOverlay(lab, 'solution', `alt-fixes/${alt.name}`), { revealHidden: true, debugJudge: true });
      const bugs = judgeBugs(v);
      if (bugs.length) return bugs.join('\n');
      return v.passed ? undefined : summary(v);
    });
  }
  return results;
}
