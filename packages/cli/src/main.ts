/**
 * @module main
 * The `pysec` command: a thin shell over the engine (@pysec/judge) and the store.
 */
import { parseArgs } from 'node:util';
import { CATALOGUE, EXIT, isPysecError, nearest, PysecError } from '@pysec/core';
import { c } from './color.ts';
import { check } from './commands/check.ts';
import { doctor } from './commands/doctor.ts';
import { hint } from './commands/hint.ts';
import { list } from './commands/list.ts';
import { progress } from './commands/progress.ts';
import { quiz } from './commands/quiz.ts';
import { reset } from './commands/reset.ts';
import { serve } from './commands/serve.ts';
import { solution } from './commands/solution.ts';
import { start } from './commands/start.ts';
import { tour } from './commands/tour.ts';
import type { Command } from './commands/types.ts';
import { validate } from './commands/validate.ts';
import { watch } from './commands/watch.ts';
import { makeContext } from './context.ts';

const COMMANDS: Command[] = [list, start, check, watch, hint, solution, reset, quiz, progress, doctor, validate, serve, tour];
const VERSION = '0.1.0';

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((x) => x.usage.length));
  return `${c.bold('pysec')} — hands-on secure Python programming

Usage: pysec <command> [options]

Commands:
${COMMANDS.map((x) => `  ${x.usage.padEnd(width)}  ${x.summary}`).join('\n')}

Run \`pysec <command> --help\` for a command's options.

Exit codes:
  ${EXIT.ok}  success (check: every step passed)
  ${EXIT.checkFailed}  check ran and some check failed
  ${EXIT.usage}  usage error (unknown command, lab or option)
  ${EXIT.content}  course content is invalid
  ${EXIT.environment}  the machine lacks something (Python venv, library, sandbox)
  ${EXIT.internal}  internal error or lab bug

Environment:
  NO_COLOR        plain output          PYSEC_HOME     where progress is kept
  PYSEC_VENV      lab Python venv       PYSEC_SANDBOX  "none" runs UNSANDBOXED
  PYSEC_LEARNER   progress owner name   PYSEC_PORT     pysec serve's port
  PYSEC_WARM      warm sandboxes per kind of step (serve, watch: 1; 0: off)`;
}

function commandHelp(cmd: Command): string {
  return `Usage: ${cmd.usage}\n\n${cmd.summary}.\n\n${cmd.help}\n  -h, --help      this help`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? COMMANDS.find((x) => x.name === rest[0]) : undefined;
    process.stdout.write(`${target ? commandHelp(target) : mainHelp()}\n`);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`pysec ${VERSION}\n`);
    return EXIT.ok;
  }
  const ctx = makeContext();
  try {
    const cmd = COMMANDS.find((x) => x.name === name);
    if (!cmd) {
      const guess = nearest(
        name,
        COMMANDS.map((x) => x.name),
      );
      throw new PysecError('PYSEC_ERR_USAGE', `Unknown command "${name}".${guess ? ` Did you mean "${guess}"?` : ''}`, {
        hint: 'Run `pysec --help` for the list of commands.',
      });
    }
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: rest,
        options: { help: { type: 'boolean', short: 'h' }, ...cmd.options },
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      throw new PysecError('PYSEC_ERR_USAGE', (err as Error).message, { hint: `Run \`pysec ${cmd.name} --help\`.` });
    }
    if (parsed.values.help) {
      process.stdout.write(`${commandHelp(cmd)}\n`);
      return EXIT.ok;
    }
    return await cmd.run(ctx, parsed.positionals, parsed.values as Record<string, string | boolean | undefined>);
  } catch (err) {
    if (isPysecError(err)) {
      process.stderr.write(`${c.red('error')} ${c.dim(`[${err.code}]`)} ${err.message}\n`);
      if (err.hint) process.stderr.write(`${c.bold('next:')} ${err.hint}\n`);
      return CATALOGUE[err.code].exit;
    }
    process.stderr.write(`${c.red('internal error')} [PYSEC_ERR_INTERNAL] ${(err as Error)?.stack ?? String(err)}\n`);
    process.stderr.write('next: please report this with the command you ran.\n');
    return EXIT.internal;
  } finally {
    await ctx.close();
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
