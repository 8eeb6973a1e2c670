import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { PysecError } from '@pysec/core';
import { findWorkspace, readTree } from '@pysec/judge';
import { c } from '../color.ts';
import type { Command } from './types.ts';

export const solution: Command = {
  name: 'solution',
  usage: 'pysec solution [--yes]',
  summary: 'Show the reference solution and why the known-bad fixes fail',
  help: `Opens after you pass the lab. Before that it asks first (or pass --yes).`,
  options: { yes: { type: 'boolean', short: 'y' } },
  async run(ctx, _args, flags) {
    const ws = findWorkspace(ctx.course, ctx.cwd);
    const store = await ctx.store();
    const p = await store.progress(ctx.learner, ws.lab.spec.id);
    if (!p.passedAt && !flags.yes) {
      if (!process.stdin.isTTY) {
        throw new PysecError('PYSEC_ERR_SOLUTION_LOCKED', 'You have not passed this lab yet.', {
          hint: 'Keep going (`pysec hint` helps), or run `pysec solution --yes` to see it anyway.',
        });
      }
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      const answer = await rl.question('You have not passed this lab yet. Show the solution anyway? [y/N] ');
      rl.close();
      if (!/^y(es)?$/i.test(answer.trim())) return 0;
    }
    await store.markSolutionViewed(ctx.learner, ws.lab.spec.id);
    const lab = ws.lab;
    ctx.out(c.bold(`Reference solution — ${lab.spec.title}`));
    ctx.out(lab.spec.solution.explanation.trim());
    for (const [rel, data] of readTree(join(lab.dir, 'solution'))) {
      ctx.out(`\n${c.cyan(`── ${rel} ──`)}`);
      ctx.out(Buffer.from(data).toString('utf8').trimEnd());
    }
    if (lab.spec.bad_fixes.length > 0) {
      ctx.out(`\n${c.bold('Fixes that look right and are not')}`);
      for (const bad of lab.spec.bad_fixes) {
        ctx.out(`\n${c.yellow(bad.name)} (fails: ${bad.fails.join(', ')})`);
        ctx.out(bad.explanation.trim());
      }
    }
    if (lab.spec.alternative_fixes.length > 0) {
      ctx.out(`\n${c.bold('Other correct fixes')}`);
      for (const alt of lab.spec.alternative_fixes) ctx.out(`- ${alt.name}: ${alt.description.trim()}`);
    }
    return 0;
  },
};
