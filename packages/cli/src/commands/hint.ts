import { findWorkspace } from '@pysec/judge';
import { c } from '../color.ts';
import type { Command } from './types.ts';

export const hint: Command = {
  name: 'hint',
  usage: 'pysec hint',
  summary: 'Show one more hint for this lab',
  help: 'Each call reveals the next hint and repeats the earlier ones.',
  async run(ctx) {
    const ws = findWorkspace(ctx.course, ctx.cwd);
    const hints = ws.lab.spec.hints;
    const shown = await (await ctx.store()).nextHint(ctx.learner, ws.lab.spec.id, hints.length);
    hints.slice(0, shown).forEach((h, i) => {
      const text = `Hint ${i + 1} of ${hints.length}: ${h.trim()}`;
      ctx.out(i === shown - 1 ? c.bold(text) : c.dim(text));
    });
    if (shown >= hints.length) ctx.out(c.dim('That was the last hint. After a pass, `pysec solution` shows the reference.'));
    return 0;
  },
};
