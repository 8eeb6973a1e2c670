import { c, mark } from '../color.ts';
import type { Command } from './types.ts';

export const progress: Command = {
  name: 'progress',
  usage: 'pysec progress [--json]',
  summary: 'Your progress through the course',
  help: `Per module: labs passed, steps passed, checks run, hints used.
Progress lives in $PYSEC_HOME (default ~/.local/share/pysec/pysec.db).`,
  options: { json: { type: 'boolean' } },
  async run(ctx, _args, flags) {
    const store = await ctx.store();
    const all = await store.allProgress(ctx.learner);
    const quizzes = await store.quizProgress(ctx.learner);
    const byLab = new Map(all.map((p) => [p.labId, p]));
    const labs = ctx.course.modules.flatMap((m) => m.labs);
    if (flags.json) {
      ctx.out(
        JSON.stringify(
          {
            labs: labs.map((l) => ({ module: l.spec.module, ...(byLab.get(l.spec.id) ?? { labId: l.spec.id }) })),
            quizzes: quizzes.map((q) => ({ module: q.moduleId, answered: q.answered, correct: q.correct })),
          },
          null,
          2,
        ),
      );
      return 0;
    }
    let passed = 0;
    for (const m of ctx.course.modules) {
      if (m.labs.length === 0) continue;
      const done = m.labs.filter((l) => byLab.get(l.spec.id)?.passedAt).length;
      ctx.out(`${c.bold(m.spec.title)} ${c.dim(`${done}/${m.labs.length}`)}`);
      for (const l of m.labs) {
        const p = byLab.get(l.spec.id);
        if (p?.passedAt) passed++;
        const steps = `${p?.stepsPassed.length ?? 0}/${l.spec.steps.length} steps`;
        const detail = p
          ? `${steps}, ${p.checks} checks, ${p.hintsShown} hints${p.solutionViewedAt ? ', solution viewed' : ''}`
          : 'not started';
        ctx.out(`  ${p?.passedAt ? mark.ok() : ' '} ${l.spec.id.padEnd(24)} ${c.dim(detail)}`);
      }
    }
    if (quizzes.length > 0) {
      ctx.out(`\n${c.bold('Quizzes')}`);
      for (const q of quizzes) ctx.out(`    ${q.moduleId.padEnd(24)} ${c.dim(`${q.correct} right of ${q.answered} answered`)}`);
    }
    const pct = labs.length ? Math.round((100 * passed) / labs.length) : 0;
    ctx.out(`\n${passed} of ${labs.length} labs passed (${pct}%).`);
    return 0;
  },
};
