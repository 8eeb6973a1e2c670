import { findWorkspace, resetFiles } from '@pysec/judge';
import { c } from '../color.ts';
import type { Command } from './types.ts';

export const reset: Command = {
  name: 'reset',
  usage: 'pysec reset [file…]',
  summary: 'Put the original lab files back (yours are kept in .pysec/backup/)',
  help: `Without arguments every file you edit is reset. Nothing is lost: your versions are copied
to .pysec/backup/<time>/ first.
Example:
  pysec reset app/accounts.py`,
  async run(ctx, args) {
    const ws = findWorkspace(ctx.course, ctx.cwd);
    const { restored, backup } = resetFiles(ws, args);
    ctx.out(`${c.green('Restored')} ${restored.join(', ')}`);
    if (backup) ctx.out(c.dim(`Your versions are in ${backup}`));
    return 0;
  },
};
