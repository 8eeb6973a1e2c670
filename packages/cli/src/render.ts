/** @module render — verdicts and lists as a learner reads them in a terminal. */
import type { CheckResult, StepVerdict, Verdict } from '@pysec/core';
import { c, mark } from './color.ts';

const indent = (text: string, pad: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => pad + l)
    .join('\n');

function renderCheck(check: CheckResult, verbose: boolean): string[] {
  const tag = check.kind === 'attack' ? c.yellow('attack    ') : c.cyan('functional');
  const hidden = check.hidden ? c.dim(' (hidden variant)') : '';
  const lines = [`  ${check.passed ? mark.ok() : mark.fail()} ${tag} ${check.title}${hidden}`];
  if (!check.passed) {
    if (check.message) lines.push(indent(check.message, '      '));
    const tb = check.details?.traceback;
    if (typeof tb === 'string' && tb) lines.push(c.dim(indent(tb, '      │ ')));
    const out = check.details?.output;
    if (typeof out === 'string' && out.trim()) lines.push(c.dim(indent(`Your program printed:\n${out.slice(-1500)}`, '      │ ')));
    if (check.payload !== undefined) lines.push(c.dim(`      input: ${check.payload}`));
    else if (check.payloadWithheld) lines.push(c.dim('      (the input of a hidden variant is shown once you pass the lab)'));
  }
  if (verbose && check.details?.timings) lines.push(c.dim(`      timings: ${JSON.stringify(check.details.timings).slice(0, 400)}`));
  return lines;
}

function renderStep(step: StepVerdict, index: number, earlierFailed: boolean, verbose: boolean): string[] {
  const failed = step.checks.filter((x) => !x.passed).length;
  const status = step.passed
    ? c.green('passed')
    : step.error
      ? c.red('could not be judged')
      : c.red(`${failed} of ${step.checks.length} checks fail`);
  const head = `${c.bold(`Step ${index + 1}`)} · ${step.kind} · ${step.title} — ${status}`;
  if (step.error) {
    const lines = [head, indent(step.error.message, '  ')];
    const tb = step.error.details?.traceback;
    if (typeof tb === 'string') lines.push(c.dim(indent(tb, '  │ ')));
    return lines;
  }
  if (earlierFailed && !step.passed && !verbose) {
    return [head, c.dim(`  Finish the step above first (or see these checks with \`pysec check --step ${step.step}\`).`)];
  }
  return [head, ...step.checks.flatMap((x) => renderCheck(x, verbose))];
}

export function renderVerdict(v: Verdict, title: string, verbose = false): string {
  const out: string[] = [];
  out.push(`${c.bold(v.lab)} — ${title}  ${c.dim(`(${Math.round(v.durationMs)} ms)`)}`);
  if (!v.sandboxed) out.push(c.yellow(`WARNING: ${v.sandboxNote ?? 'no sandbox'}`));
  out.push('');
  let earlierFailed = false;
  v.steps.forEach((s, i) => {
    out.push(...renderStep(s, i, earlierFailed, verbose || v.steps.length === 1), '');
    if (!s.passed) earlierFailed = true;
  });
  if (v.passed) out.push(`${mark.ok()} ${c.green(c.bold('Lab passed.'))} Compare with the reference: \`pysec solution\`.`);
  else out.push(`${mark.fail()} Not yet. Stuck? \`pysec hint\` shows one hint at a time.`);
  return out.join('\n');
}
