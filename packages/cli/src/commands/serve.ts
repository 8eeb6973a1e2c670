import { PysecError } from '@pysec/core';
import { isLoopback, portSetting, startServer } from '@pysec/server';
import { defaultDataDir } from '@pysec/store';
import { c } from '../color.ts';
import type { Command } from './types.ts';

export const serve: Command = {
  name: 'serve',
  usage: 'pysec serve [--port N] [--host H] [--data-dir DIR]',
  summary: 'Run the web app and its API on this machine',
  help: `Serves the course in your browser at http://127.0.0.1:8457/ and prints the address to
open: it carries a random access token (after #token=), needed by every API call.
Checks run through the same judge and sandbox as \`pysec check\`; progress is shared with the CLI.
Options:
  --port N          port (default $PYSEC_PORT, else 8457; 0 picks a free one)
  --host H          address to listen on (default $PYSEC_HOST, else 127.0.0.1). Anything but
                    loopback must be given here explicitly: it exposes the server to the network
  --data-dir DIR    progress and workspaces (default $PYSEC_HOME, else ~/.local/share/pysec)
Environment: PYSEC_CHECK_SLOTS (concurrent checks; default: cores), PYSEC_QUEUE_MAX (checks
that may wait; default 100). DATABASE_URL is refused: only the embedded store exists today.
Ctrl-C stops the server.`,
  options: { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' } },
  async run(ctx, args, flags) {
    if (args.length > 0) {
      throw new PysecError('PYSEC_ERR_USAGE', `pysec serve takes no arguments (got "${args[0]}").`, { hint: 'Run `pysec serve --help`.' });
    }
    const explicitHost = typeof flags.host === 'string' ? flags.host : undefined;
    const host = explicitHost ?? (process.env.PYSEC_HOST || '127.0.0.1');
    if (!isLoopback(host) && explicitHost === undefined) {
      throw new PysecError('PYSEC_ERR_USAGE', `PYSEC_HOST=${host} would expose the server beyond this machine.`, {
        hint: `If you mean it, say so on the command line: \`pysec serve --host ${host}\`.`,
      });
    }
    const port = typeof flags.port === 'string' ? portSetting('--port', flags.port) : portSetting('PYSEC_PORT', process.env.PYSEC_PORT);
    const dataDir = typeof flags['data-dir'] === 'string' ? flags['data-dir'] : defaultDataDir();
    if (!isLoopback(host)) {
      ctx.err(c.yellow(`WARNING: listening on ${host}: anyone who can reach this machine can reach the server.`));
      ctx.err(c.yellow('  Traffic is plain HTTP: the token and learner code cross the network unencrypted. Only use a network you trust.'));
    }
    // Listen for Ctrl-C before the address is printed: a signal that comes early still stops cleanly.
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    try {
      const server = await startServer({ host, port, dataDir, learner: ctx.learner, out: ctx.out });
      await stopped;
      ctx.out('\nStopping…');
      await server.close();
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  },
};
