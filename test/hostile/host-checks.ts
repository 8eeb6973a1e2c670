// What every hostile submission must leave intact on the host, shared by the hostile suites:
// the check failed with a clear reason, nothing outside the run folder changed, no process
// of the check is left, a loopback service outside is alive and was not reached, and no
// hidden judge data or host environment reached the verdict.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Verdict } from '@pysec/core';
import { onLaunch, sandboxInfo } from '@pysec/runner';
import { eventually, processesMatching, sandboxProcesses } from '../helpers.ts';

/** In our environment, never in a sandbox's: a verdict that shows it leaked the host environment. */
export const HOST_ENV_SECRET = 'HOST-ENV-SECRET-91c4';
/** In the fixture judges: a verdict that shows it leaked hidden judge source. */
export const JUDGE_SECRET = 'JUDGE-SECRET';
/** Payloads that leave a process behind name it with this, so the host can look for it. */
export const LINGER_MARK = '313.37';

/** A folder and a loopback service outside every sandbox, which hostile code must not reach. */
export class Host {
  readonly dir = mkdtempSync(join(tmpdir(), 'pysec-hostile-host-'));
  readonly sentinel = join(this.dir, 'sentinel.txt');
  port = 0;
  /** Connections learner code made to the loopback service (our own probes are not counted). */
  connections = 0;
  private server: Server | undefined;

  async start(): Promise<void> {
    process.env.PYSEC_TEST_SECRET = HOST_ENV_SECRET;
    writeFileSync(this.sentinel, 'untouched');
    const server = createServer((sock) => {
      this.connections++;
      sock.end('hello');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    this.server = server;
    this.port = (server.address() as { port: number }).port;
  }

  stop(): void {
    this.server?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Resolves when the loopback service still answers; our own probe does not count as learner traffic. */
  probe(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const sock = connect(this.port, '127.0.0.1', () => {
        sock.end();
        this.connections--;
        resolve();
      });
      sock.on('error', () => reject(new Error('the loopback service outside died')));
    });
  }
}

/** Records the uid of every sandboxed process started until stop() is called. */
export function watchLaunches(): { uids: Set<number>; stop: () => void } {
  const uids = new Set<number>();
  const stop = onLaunch(({ uid }) => uid !== undefined && uids.add(uid));
  return { uids, stop };
}

/** The reasons the learner is shown: step errors and the messages of failed checks. */
export function failingReasons(verdict: Verdict): string {
  return verdict.steps.flatMap((s) => [s.error?.message ?? '', ...s.checks.filter((x) => !x.passed).map((x) => x.message)]).join(' | ');
}

export interface Expectation {
  /** A phrase the failing reason must contain (the learner's terms). */
  reason: RegExp;
  /** host.connections before the check started. */
  connectionsBefore: number;
  /** uids of the check's sandboxed processes (see watchLaunches). */
  uids: ReadonlySet<number>;
}

/** The host invariants every hostile submission is held to, after its check ended. */
export async function assertContained(host: Host, verdict: Verdict, expect: Expectation): Promise<void> {
  const text = JSON.stringify(verdict);
  assert.equal(verdict.passed, false, `the check passed: ${text.slice(0, 600)}`);
  const reasons = failingReasons(verdict);
  assert.match(reasons, expect.reason, `reason: ${reasons}`);
  assert.ok(!text.includes(JUDGE_SECRET), 'hidden judge data reached the verdict');
  assert.ok(!text.includes(HOST_ENV_SECRET), 'the host environment reached the sandbox');
  assert.equal(readFileSync(host.sentinel, 'utf8'), 'untouched', 'a host file outside the run folder changed');
  assert.ok(
    !existsSync(join(host.dir, 'new.txt')) && !existsSync('/tmp/pysec-escaped.txt') && !existsSync('/usr/pysec-escaped.txt'),
    'learner code created a file outside the run folder',
  );
  assert.equal(host.connections, expect.connectionsBefore, 'learner code reached a loopback service outside the sandbox');
  assert.ok(await eventually(() => processesMatching(LINGER_MARK).length === 0), 'a process outlived the check');
  if (sandboxInfo().asRoot) {
    assert.ok(expect.uids.size > 0, 'the check started no sandboxed process');
    assert.ok(
      await eventually(() => sandboxProcesses(expect.uids).length === 0),
      `processes of this check left: ${sandboxProcesses(expect.uids).join(',')}`,
    );
  }
  await host.probe();
}
