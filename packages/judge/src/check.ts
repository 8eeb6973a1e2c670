/**
 * @module check
 * Checks a whole lab: every step in order, one verdict. The CLI and the server call this.
 */
import type { Lab, StepVerdict, Verdict } from '@pysec/core';
import { PysecError } from '@pysec/core';
import { missingLibraries } from '@pysec/runner';
import { runStepWith, type StepRequest, sandboxNote, stepLimitsOf } from './broker.ts';
import { type JudgeHost, startJudgeHost } from './judge-host.ts';
import { JUDGE_CHANNELS } from './python-sandbox.ts';

export interface CheckOptions {
  /** Only this step (default: all steps, in order). */
  step?: string;
  revealHidden?: boolean;
  debugJudge?: boolean;
  onEvent?: StepRequest['onEvent'];
}

export async function checkLab(lab: Lab, submission: ReadonlyMap<string, Uint8Array>, options: CheckOptions = {}): Promise<Verdict> {
  const started = performance.now();
  const missing = missingLibraries(lab.spec.requires);
  if (missing.length > 0) {
    throw new PysecError('PYSEC_ERR_LIBRARY_MISSING', `Lab "${lab.spec.id}" needs ${missing.join(', ')}, which the lab Python lacks.`, {
      hint: 'Run `npm run setup` in the pysec folder to install the pinned lab libraries.',
    });
  }
  const steps = options.step ? lab.spec.steps.filter((s) => s.id === options.step) : lab.spec.steps;
  if (steps.length === 0) {
    throw new PysecError('PYSEC_ERR_USAGE', `Lab "${lab.spec.id}" has no step "${options.step}".`, {
      hint: `Its steps are: ${lab.spec.steps.map((s) => s.id).join(', ')}.`,
    });
  }
  // Steps are independent (each has its own run folder, target and exploit sandboxes): judge
  // them side by side. One judge process serves up to JUDGE_CHANNELS steps (judge-host.ts).
  const hosts: JudgeHost[] = [];
  let results: StepVerdict[];
  try {
    results = await Promise.all(
      steps.map((step, i) => {
        const index = i % JUDGE_CHANNELS;
        if (index === 0) hosts.push(startJudgeHost(lab, steps.slice(i, i + JUDGE_CHANNELS), stepLimitsOf(lab)));
        const req = { lab, step, submission, revealHidden: options.revealHidden, debugJudge: options.debugJudge, onEvent: options.onEvent };
        return runStepWith(req, hosts[hosts.length - 1] as JudgeHost, index);
      }),
    );
  } finally {
    await Promise.all(hosts.map((h) => h.close()));
  }
  const sb = sandboxNote();
  return {
    lab: lab.spec.id,
    passed: results.every((s) => s.passed) && steps.length === lab.spec.steps.length,
    steps: results,
    sandboxed: sb.sandboxed,
    ...(sb.sandboxed ? {} : { sandboxNote: sb.note }),
    durationMs: performance.now() - started,
  };
}
