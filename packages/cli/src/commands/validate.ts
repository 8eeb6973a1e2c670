import { EXIT, formatIssues, scanCourse } from '@pysec/core';
import { proveLab } from '@pysec/judge';
import { contentDir } from '@pysec/runner';
import { c, mark } from '../color.ts';
import type { Command } from './types.ts';

export const validate: Command = {
  name: 'validate',
  usage: 'pysec validate [--prove] [lab…]',
  summary: 'Check the course content (and, with --prove, every lab through its judge)',
  help: `Without --prove: every module.yaml and lab.yaml against its schema, and every file they
refer to. With --prove, each lab (or the labs named) also proves itself through the real
judge: untouched lab fails, solution passes, reference exploit fails against the fix,
each bad fix fails on the checks it names, each alternative fix passes.
Exit code 0 when all is well, 3 when content has problems.`,
  options: { prove: { type: 'boolean' } },
  async run(ctx, args, flags) {
    const { course, issues } = scanCourse(contentDir());
    if (issues.length > 0) {
      ctx.err(`${mark.fail()} ${issues.length} content problem(s):\n${formatIssues(issues)}`);
      return EXIT.content;
    }
    ctx.out(`${mark.ok()} ${course.modules.length} modules, ${course.labs.size} labs: metadata and files are valid`);
    if (!flags.prove) return EXIT.ok;
    const ids = args.length > 0 ? args : [...course.labs.keys()];
    let failed = 0;
    for (const id of ids) {
      const lab = course.labs.get(id);
      if (!lab) {
        ctx.err(`${mark.fail()} no lab ${id}`);
        failed++;
        continue;
      }
      ctx.out(c.bold(`\n${id}`));
      const results = await proveLab(lab, (r) => {
        ctx.out(`  ${r.ok ? mark.ok() : mark.fail()} ${r.case} ${c.dim(`${Math.round(r.durationMs)} ms`)}`);
        if (r.problem) ctx.out(`      ${r.problem.split('\n').join('\n      ')}`);
      });
      failed += results.filter((r) => !r.ok).length;
    }
    ctx.out(failed === 0 ? `\n${mark.ok()} every lab proves itself` : `\n${mark.fail()} ${failed} proof(s) failed`);
    return failed === 0 ? EXIT.ok : EXIT.content;
  },
};
