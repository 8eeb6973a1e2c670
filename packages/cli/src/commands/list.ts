import { c, mark } from '../color.ts';
import type { Command } from './types.ts';

export const list: Command = {
  name: 'list',
  usage: 'pysec list [--json]',
  summary: 'List modules and labs with kind and your status',
  help: `Options:
  --json    machine-readable: [{module, lab, title, kind, difficulty, status}]`,
  options: { json: { type: 'boolean' } },
  async run(ctx, _args, flags) {
    const store = await ctx.store();
    const progress = new Map((await store.allProgress(ctx.learner)).map((p) => [p.labId, p]));
    const rows = ctx.course.modules.flatMap((m) =>
      m.labs.map((lab) => {
        const p = progress.get(lab.spec.id);
        const status = p?.passedAt ? 'passed' : p?.startedAt || (p?.checks ?? 0) > 0 ? 'started' : 'new';
        return { module: m.spec.id, lab: lab.spec.id, title: lab.spec.title, kind: lab.kind, difficulty: lab.spec.difficulty, status };
      }),
    );
    if (flags.json) {
      ctx.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    for (const m of ctx.course.modules) {
      ctx.out(c.bold(`${m.spec.order}. ${m.spec.title}`) + c.dim(` (${m.spec.id})`));
      for (const r of rows.filter((x) => x.module === m.spec.id)) {
        const st = r.status === 'passed' ? mark.ok() : r.status === 'started' ? c.yellow('…') : ' ';
        ctx.out(`   ${st} ${r.lab.padEnd(24)} ${r.kind.padEnd(12)} ${'★'.repeat(r.difficulty).padEnd(3)}  ${r.title}`);
      }
      if (m.labs.length === 0) ctx.out(c.dim('     (lesson and quiz only)'));
    }
    const passed = rows.filter((r) => r.status === 'passed').length;
    ctx.out('');
    ctx.out(`${passed} of ${rows.length} labs passed. Start one: pysec start <lab> [folder]`);
    return 0;
  },
};
