import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { findLab, PysecError } from '@pysec/core';
import { createWorkspace, editableFiles } from '@pysec/judge';
import { c } from '../color.ts';
import type { Command } from './types.ts';

export const start: Command = {
  name: 'start',
  usage: 'pysec start <lab> [folder]',
  summary: 'Copy a lab into a folder of yours and begin',
  help: `The folder defaults to ~/pysec-labs/<lab>. It must not exist or be empty.
Example:
  pysec start sqli-login ~/labs/sqli-login`,
  async run(ctx, args) {
    const [labId, folder] = args;
    if (!labId)
      throw new PysecError('PYSEC_ERR_USAGE', 'Which lab? `pysec start <lab> [folder]`.', { hint: 'See the labs with `pysec list`.' });
    const lab = findLab(ctx.course, labId);
    const dir = resolve(ctx.cwd, folder ?? join(homedir(), 'pysec-labs', lab.spec.id));
    createWorkspace(lab, dir);
    await (await ctx.store()).markStarted(ctx.learner, lab.spec.id);
    const shown = relative(ctx.cwd, dir) || '.';
    ctx.out(`${c.green('Created')} ${dir} — ${c.bold(lab.spec.title)}`);
    ctx.out('');
    ctx.out(`  cd ${shown.startsWith('..') ? dir : shown}`);
    ctx.out('  read task.md');
    for (const [i, s] of lab.spec.steps.entries()) ctx.out(`  step ${i + 1} (${s.kind}): ${s.title} — edit ${s.files.join(', ')}`);
    ctx.out('  npx pysec check      # verdict');
    ctx.out('  npx pysec watch      # re-check on every save');
    ctx.out('  npx pysec hint       # one hint at a time');
    ctx.out('');
    ctx.out(c.dim(`Files you edit: ${editableFiles(lab).join(', ')}`));
    return 0;
  },
};
