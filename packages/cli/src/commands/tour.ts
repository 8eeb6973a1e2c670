import { checkLab, pristineFiles } from '@pysec/judge';
import { c } from '../color.ts';
import { renderVerdict } from '../render.ts';
import { doctor } from './doctor.ts';
import { list } from './list.ts';
import type { Command } from './types.ts';

export const tour: Command = {
  name: 'tour',
  usage: 'pysec tour',
  summary: 'A short tour: what pysec is, what runs here, the labs, a live check',
  help: 'What `npm run tour` shows; `npm start` serves the web app (`pysec serve`).',
  async run(ctx) {
    ctx.out(c.bold('pysec — secure Python programming, hands on'));
    ctx.out('Read a short task, attack a small realistic Python program, fix it, and get an honest');
    ctx.out('verdict from a judge your code cannot see or fool.\n');
    const code = await doctor.run(ctx, [], {});
    ctx.out('');
    await list.run(ctx, [], {});
    const demo = ctx.course.labs.get('sqli-login') ?? [...ctx.course.labs.values()][0];
    if (demo) {
      ctx.out(c.bold(`\nA live check of the untouched ${demo.spec.id} lab (what you will fix):\n`));
      try {
        const verdict = await checkLab(demo, pristineFiles(demo));
        ctx.out(renderVerdict(verdict, demo.spec.title));
      } catch (err) {
        ctx.out(c.yellow(`(the live check could not run: ${(err as Error).message})`));
      }
    }
    ctx.out(c.bold('\nYour turn:'));
    ctx.out('  npx pysec start sqli-login ~/labs/sqli-login');
    ctx.out('  cd ~/labs/sqli-login && cat task.md');
    ctx.out('  npx pysec check        (or: npx pysec watch)');
    ctx.out(c.dim('Every command: npx pysec --help'));
    return code;
  },
};
