/**
 * @module @pysec/server
 * The HTTP server behind `pysec serve`: the JSON API of docs/api.md and the web app, over the
 * same engine and store as the CLI. `createServer` builds it (tests drive it with inject);
 * `startServer` listens and tells the person at the terminal where to go.
 */
import { isIP } from 'node:net';
import { PysecError } from '@pysec/core';
import { useWarmKits } from '@pysec/judge';
import { sandboxInfo } from '@pysec/runner';
import { type CreateOptions, createServer, type PysecServer } from './app.ts';

export { BODY_LIMIT, type CreateOptions, createServer, type PysecServer } from './app.ts';
export type { CheckEvent, CheckState, CheckStatus } from './checks.ts';
export { DEFAULT_PORT, portSetting, type ServerOptions } from './config.ts';
export { isLoopback } from './security.ts';
export { MAX_UPLOAD_BYTES } from './workspaces.ts';

export interface StartOptions extends CreateOptions {
  /** Where to print the address and warnings (default: stdout). */
  out?: (line: string) => void;
}

export interface RunningServer {
  app: PysecServer;
  /** The address to open, token included (in the fragment, which browsers never send). */
  url: string;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  // A wildcard address is not one a browser can open; the loopback name always works here.
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return isIP(host) === 6 ? `[${host}]` : host;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const app = await createServer(options);
  const { host, port } = app.pysecConfig;
  // Probed once (it starts bwrap); done before listening so the first request does not wait for it.
  const sb = sandboxInfo();
  // A long-running server: each kind of step finds its sandboxes started (see judge's warm.ts).
  useWarmKits(1);
  try {
    await app.listen({ host, port });
  } catch (err) {
    await app.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new PysecError('PYSEC_ERR_PORT_IN_USE', `Port ${port} on ${host} is already in use (is pysec serve running already?).`, {
        hint: `Stop the other server, or choose another port: \`pysec serve --port ${port === 65_535 ? 8458 : port + 1}\` (or --port 0 for any free one).`,
        cause: err,
      });
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new PysecError('PYSEC_ERR_USAGE', `Cannot listen on ${host}: this machine has no such address.`, {
        hint: 'Leave --host out to use 127.0.0.1.',
        cause: err,
      });
    }
    throw err;
  }
  const addr = app.server.address();
  const bound = addr && typeof addr === 'object' ? addr.port : port;
  const url = `http://${urlHost(host)}:${bound}/#token=${app.pysecToken}`;
  out(`pysec is running at ${url}`);
  out('Open that address in your browser (it includes the access token; keep it to yourself).');
  out('Press Ctrl-C to stop.');
  if (sb.kind !== 'bwrap') {
    out('');
    out('WARNING: NO SANDBOX. Checks run learner code UNSANDBOXED on this machine:');
    out(`  ${sb.note}`);
    out('  Run `pysec doctor` to see what is missing.');
  }
  return { app, url, close: () => app.close() };
}
