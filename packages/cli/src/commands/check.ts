import { checkLab, findWorkspace, readSubmission, type Workspace } from '@pysec/judge';
import { c } from '../color.ts';
import type { Context } from '../context.ts';
import { renderVerdict } from '../render.ts';
import type { Command } from './types.ts';

/** Runs one check of a workspace, records it, prints it. Returns the exit code. */
export async function checkWorkspace(ctx: Context, ws: Workspace, flags: Record<string, string | boolean | undefined>): Promise<number> {
  const store = await ctx.store();
  const before = await store.progress(ctx.learner, ws.lab.spec.id);
  const step = typeof flags.step === 'string' ? flags.step : undefined;
  if (!flags.json && ctx.isTTY) process.stdout.write(c.dim(`Checking ${ws.lab.spec.id}…\r`));
  const verdict = await checkLab(ws.lab, readSubmission(ws), { step, revealHidden: before.passedAt !== null }).finally(() => {
    if (!flags.json && ctx.isTTY) process.stdout.write('\r\x1b[K');
  });
  await store.recordCheck(ctx.learner, verdict);
  const after = await store.progress(ctx.learner, ws.lab.spec.id);
  // Steps may be passed in separate checks: the lab is passed once every step has been.
  const labPassed = verdict.passed || ws.lab.spec.steps.every((s) => after.stepsPassed.includes(s.id));
  if (flags.json) ctx.out(JSON.stringify({ ...verdict, labPassed }, null, 2));
  else ctx.out(renderVerdict(verdict, ws.lab.spec.title, flags.verbose === true || step !== undefined));
  return verdict.steps.every((s) => s.passed) ? 0 : 1;
}

export const check: Command = {
  name: 'check',
  usage: 'pysec check [--json] [--step <id>] [--verbose]',
  summary: 'Judge your work in this lab folder',
  help: `Runs every step of the lab (or one, with --step) through the hidden judge: functional
checks (the feature still works for honest users) and attack checks (the exploit and hidden
variants no longer work). Exit code 0 when every step run passes, 1 otherwise.
Options:
  --json          the verdict as JSON
  --step <id>     only this step (e.g. exploit, fix); shows all its checks
  --verbose       every check of every step, with timings`,
  options: { json: { type: 'boolean' }, step: { type: 'string' }, verbose: { type: 'boolean', short: 'v' } },
  async run(ctx, _args, flags) {
    return checkWorkspace(ctx, findWorkspace(ctx.course, ctx.cwd), flags);
  },
};
