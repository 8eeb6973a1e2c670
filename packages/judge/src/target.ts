/**
 * @module target
 * The broker's handle on the code under test: starts the harness lazily, sends one request
 * at a time, enforces the per-call timeout, and turns a hang, a crash or an oversized reply
 * into a fault the judge can report — then starts a fresh process on the next request.
 */
import { describeExit, type Limits, type SandboxProcess } from '@pysec/runner';
import { LineReader } from './line-reader.ts';
import { startPython } from './python-sandbox.ts';

export const MAX_MESSAGE = 16 * 1024 * 1024;

export interface TargetConfig {
  work: string;
  path: string[];
  wsgi?: string;
  cli?: string;
  preload: string[];
  limits: Limits;
  startTimeoutMs: number;
}

export type Fault = { kind: 'timeout' | 'crash'; message: string; output: string };
export type TargetReply = { reply: Record<string, unknown>; wall_ms: number } | { fault: Fault };

export class TargetProcess {
  private proc: SandboxProcess | undefined;
  private reader: LineReader | undefined;
  private nextId = 0;
  /** An import error from preload, reported on the request that started the process. */
  private startError: Record<string, unknown> | undefined;
  private starting: Promise<Fault | undefined> | undefined;
  /** A warm harness (started ahead, waiting for its configuration) for the first start. */
  private warm: SandboxProcess | undefined;
  starts = 0;

  private readonly config: TargetConfig;

  constructor(config: TargetConfig) {
    this.config = config;
  }

  get uid(): number | undefined {
    return this.proc?.uid ?? this.warm?.uid;
  }

  /** Uses a warm harness process (see warm.ts) the first time the target starts. */
  adopt(proc: SandboxProcess): void {
    this.warm = proc;
  }

  output(): string {
    return this.proc?.output() ?? '';
  }

  private async start(): Promise<Fault | undefined> {
    this.starts++;
    this.startError = undefined;
    const cfg = this.config;
    const harnessConfig = (work: string) => ({
      root: work,
      path: cfg.path.map((p) => (p === '.' ? work : `${work}/${p}`)),
      wsgi: cfg.wsgi,
      cli: cfg.cli,
    });
    const warm = this.warm;
    this.warm = undefined;
    let proc: SandboxProcess;
    if (warm?.running) {
      proc = warm;
      proc.claim(cfg.limits);
      // Warm processes exist only sandboxed, where the folder is /lab inside.
      proc.stdin.write(`${JSON.stringify({ config: harnessConfig('/lab') })}\n`);
    } else {
      warm?.stop('killed');
      proc = startPython({
        role: 'target',
        work: cfg.work,
        limits: cfg.limits,
        args: (inside) => [inside.lib('pysec_harness'), JSON.stringify(harnessConfig(inside.work))],
      });
      proc.child.stdin?.on('error', () => {});
    }
    this.proc = proc;
    this.reader = new LineReader(proc.stdout, MAX_MESSAGE, () => proc.stop('message-limit'));
    const t0 = performance.now();
    const ready = await this.await(cfg.startTimeoutMs);
    if (process.env.PYSEC_TRACE === '1')
      process.stderr.write(`[pysec trace] target ready after ${(performance.now() - t0).toFixed(1)} ms\n`);
    if ('fault' in ready) return ready.fault;
    if (cfg.preload.length > 0) {
      const res = await this.send({ op: 'import', modules: cfg.preload }, cfg.startTimeoutMs);
      if ('fault' in res) return res.fault;
      if (res.reply.error) this.startError = res.reply;
    }
    return undefined;
  }

  /** Waits for the next message, or a fault when the process hangs or dies first. */
  private async await(timeoutMs: number): Promise<TargetReply> {
    const proc = this.proc as SandboxProcess;
    const reader = this.reader as LineReader;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const started = performance.now();
    const line = await Promise.race([reader.next(), timeout]);
    clearTimeout(timer);
    const wall = performance.now() - started;
    if (line === 'timeout') {
      proc.stop('timeout');
      await proc.exited;
      return { fault: { kind: 'timeout', message: `no answer within ${timeoutMs / 1000} s`, output: proc.output() } };
    }
    if (line === null) {
      proc.stop('killed');
      const exit = await proc.exited;
      return { fault: { kind: 'crash', message: describeExit(exit, proc.limits), output: proc.output() } };
    }
    try {
      const msg = JSON.parse(line) as unknown;
      if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) throw new Error('not an object');
      return { reply: msg as Record<string, unknown>, wall_ms: wall };
    } catch {
      proc.stop('killed');
      await proc.exited;
      return {
        fault: { kind: 'crash', message: 'it wrote something that is not a harness message on its channel', output: proc.output() },
      };
    }
  }

  private async send(req: Record<string, unknown>, timeoutMs: number): Promise<TargetReply> {
    const id = ++this.nextId;
    this.proc?.stdin.write(`${JSON.stringify({ ...req, id })}\n`);
    // Replies carry our id; anything else is a forged message from learner code.
    for (;;) {
      const res = await this.await(timeoutMs);
      if ('fault' in res || res.reply.id === id) return res;
    }
  }

  /**
   * Starts the process now, without waiting: the harness and the learner's imports load
   * while the judge starts. Files the judge writes afterwards are adopted (see adopt()).
   */
  prestart(): void {
    if (!this.starting && !this.proc?.running) this.starting = this.start();
  }

  /** One request to the harness; starts the process first if needed. */
  async request(req: Record<string, unknown>, timeoutMs: number): Promise<TargetReply> {
    if (!this.starting && !this.proc?.running) this.starting = this.start();
    if (this.starting) {
      const fault = await this.starting;
      this.starting = undefined;
      if (fault) {
        this.proc = undefined;
        return { fault };
      }
    }
    if (this.startError && req.op !== 'evidence') {
      return { reply: this.startError, wall_ms: 0 };
    }
    return this.send(req, timeoutMs);
  }

  async stop(): Promise<void> {
    if (this.warm) {
      this.warm.stop('killed');
      await this.warm.exited;
      this.warm = undefined;
    }
    if (this.starting) {
      await this.starting;
      this.starting = undefined;
    }
    if (this.proc) {
      this.proc.stop('killed');
      await this.proc.exited;
      this.proc = undefined;
      this.startError = undefined;
    }
  }
}
