import { watch as fsWatch } from 'node:fs';
import { editableFiles, findWorkspace, useWarmKits } from '@pysec/judge';
import { c } from '../color.ts';
import { checkWorkspace } from './check.ts';
import type { Command } from './types.ts';

export const watch: Command = {
  name: 'watch',
  usage: 'pysec watch',
  summary: 'Re-check every time you save a lab file',
  help: `Checks once, then again whenever a file you edit in this lab changes. Ctrl-C stops.`,
  async run(ctx) {
    const ws = findWorkspace(ctx.course, ctx.cwd);
    // Checks come one save at a time: the next one finds its sandboxes started.
    useWarmKits(1);
    const files = new Set(editableFiles(ws.lab));
    let running = false;
    let again = false;
    let timer: NodeJS.Timeout | undefined;
    const runOnce = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      if (ctx.isTTY) process.stdout.write('\x1b[2J\x1b[H');
      try {
        await checkWorkspace(ctx, ws, {});
      } catch (err) {
        ctx.err(c.red((err as Error).message));
      }
      ctx.out(c.dim(`\nWatching ${[...files].join(', ')} — save to re-check, Ctrl-C to stop.`));
      running = false;
      if (again) {
        again = false;
        void runOnce();
      }
    };
    await runOnce();
    const watcher = fsWatch(ws.dir, { recursive: true }, (_event, name) => {
      if (!name || !files.has(String(name))) return;
      clearTimeout(timer);
      timer = setTimeout(() => void runOnce(), 150); // editors save in several writes
    });
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => {
        watcher.close();
        resolve();
      });
    });
    return 0;
  },
};
