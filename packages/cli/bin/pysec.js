#!/usr/bin/env node
// The `pysec` command. Plain JavaScript on purpose: it must start on any Node (20 is common)
// and hand over to Node 24, which runs pysec's TypeScript directly. The repository's own
// Node 24 (the `node` npm package, installed by set-up) is used when the current one is older.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(realpathSync(fileURLToPath(import.meta.url)));
const [major, minor] = process.versions.node.split('.').map(Number);
const canRunTs = major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);

if (canRunTs) {
  const { main } = await import(join(here, '..', 'src', 'main.ts'));
  process.exitCode = await main(process.argv.slice(2));
} else {
  const node24 = join(here, '..', '..', '..', 'node_modules', '.bin', 'node');
  if (!existsSync(node24)) {
    process.stderr.write(
      `pysec needs Node 22.18 or newer (this is ${process.version}), and the project's own Node 24 is not installed yet.\n` +
        'Run `npm start` (or `npm run setup`) in the pysec folder once; it installs everything pysec needs.\n',
    );
    process.exit(4);
  }
  const res = spawnSync(node24, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (res.signal) process.kill(process.pid, res.signal);
  process.exit(res.status ?? 5);
}
