import { EXIT } from '@pysec/core';
import { missingLibraries, pythonEnv, sandboxInfo } from '@pysec/runner';
import { c, mark } from '../color.ts';
import type { Command } from './types.ts';

export const doctor: Command = {
  name: 'doctor',
  usage: 'pysec doctor [--json]',
  summary: 'What this machine can run: Node, Python, sandbox, libraries, labs',
  help: `Exit code 0 when every lab can run sandboxed here, 4 when something is missing.`,
  options: { json: { type: 'boolean' } },
  async run(ctx, _args, flags) {
    const report: Record<string, unknown> = { node: process.version };
    const lines: string[] = [`${mark.ok()} Node ${process.version}`];
    let ok = true;
    let env: ReturnType<typeof pythonEnv> | undefined;
    try {
      env = pythonEnv();
      report.python = { venv: env.venv, version: env.version, base: env.basePrefix };
      lines.push(`${mark.ok()} Lab Python ${env.version} (${env.venv})`);
    } catch (err) {
      ok = false;
      report.python = { error: (err as Error).message };
      lines.push(`${mark.fail()} Lab Python: ${(err as Error).message} Run \`npm run setup\`.`);
    }
    const sb = sandboxInfo();
    report.sandbox = sb;
    if (sb.kind === 'bwrap') lines.push(`${mark.ok()} Sandbox: ${sb.note}`);
    else {
      ok = false;
      lines.push(`${mark.fail()} Sandbox: ${sb.note}`);
    }
    lines.push(
      c.dim(
        `  Enforced per process: no network, only the run folder writable, CPU, memory (address space), processes, file size, open files, wall clock, output cap.${
          sb.asRoot ? ' Root: each process runs as its own uid.' : ' Not root: processes count against your own uid limit.'
        } Not enforced: a memory cap for the whole process tree (no cgroup), syscall filtering (no seccomp) — see README, Security model.`,
      ),
    );
    const labs: Record<string, string> = {};
    for (const lab of ctx.course.labs.values()) {
      const missing = env ? missingLibraries(lab.spec.requires) : ['python'];
      labs[lab.spec.id] = missing.length ? `missing ${missing.join(', ')}` : 'ok';
    }
    report.labs = labs;
    const unavailable = Object.entries(labs).filter(([, s]) => s !== 'ok');
    if (unavailable.length === 0) lines.push(`${mark.ok()} All ${Object.keys(labs).length} labs can run here`);
    else {
      ok = false;
      lines.push(`${mark.fail()} ${unavailable.length} lab(s) unavailable:`);
      for (const [id, s] of unavailable) lines.push(`    ${id}: ${s}`);
    }
    if (flags.json) ctx.out(JSON.stringify({ ok, ...report }, null, 2));
    else ctx.out(lines.join('\n'));
    return ok ? EXIT.ok : EXIT.environment;
  },
};
