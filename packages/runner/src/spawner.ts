/**
 * @module spawner
 * Starts sandboxed processes through a small helper process (python/pysec_spawner) instead of
 * Node's own spawn(). Node forks the whole engine to start a child: at 130 MB that blocks
 * the event loop about 2 ms and costs as much again in the child, five times per check.
 * The helper is about 10 MB; it forks, sets the rlimits, joins the tree's cgroups before
 * exec and drops to the slot uid, then executes bubblewrap (see its docstring).
 *
 * The child's descriptors are Unix-socket connections to the helper's socket, in a folder
 * only our uid can enter; each connection becomes one descriptor of the child (as Node's own
 * stdio pipes are socket pairs, nothing changes for the code that reads and writes them).
 * `SpawnedChild` offers the part of ChildProcess the sandbox uses.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PYTHON_LIBS } from './paths.ts';
import { pythonEnv } from './python-env.ts';

export type RlimitName = 'cpu' | 'as' | 'nproc' | 'fsize' | 'nofile' | 'core' | 'memlock';

export interface SpawnRequest {
  argv: string[];
  env: Record<string, string>;
  cwd?: string;
  /** Run as this uid and gid (we are root); else as ours. */
  uid?: number;
  rlimits: [RlimitName, number, number][];
  /** Descriptors 0 … fds-1 of the child, each a socket to us. */
  fds: number;
  /** The seccomp filter file, opened in the child at this descriptor (bubblewrap's --seccomp). */
  seccomp?: [string, number];
  /** cgroup folders the child joins before exec. */
  cgroups?: string[];
  /** Scheduling niceness of the child (higher: less CPU when others want it). */
  nice?: number;
}

const PREFACE = 16;

/** The part of ChildProcess the sandbox uses; pid arrives once the helper has forked. */
export class SpawnedChild extends EventEmitter {
  pid: number | undefined;
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly stdio: Socket[];
  private refed = true;
  private exitSeen = false;
  private readonly helper: Helper;
  readonly id: number;
  private pendingKill = false;
  /** Its sandbox ended because the process starter did (not the child's doing). */
  lost = false;

  constructor(helper: Helper, id: number, fds: number) {
    super();
    this.helper = helper;
    this.id = id;
    this.stdio = Array.from({ length: fds }, (_, index) => {
      const sock = connect(helper.socketPath);
      sock.write(`${id} ${index}`.padEnd(PREFACE, ' '));
      sock.on('error', () => {}); // a child that ends mid-write: its exit says what happened
      return sock;
    });
    // Nothing is ever read from the child's stdin: don't let its readable side hold 'close'.
    this.stdio[0]?.on('end', () => {});
  }

  get stdin(): Socket {
    return this.stdio[0] as Socket;
  }

  get stdout(): Socket {
    return this.stdio[1] as Socket;
  }

  get stderr(): Socket {
    return this.stdio[2] as Socket;
  }

  /** @internal the helper forked it. */
  spawned(pid: number): void {
    this.pid = pid;
    this.emit('spawn');
    if (this.pendingKill) this.kill();
  }

  /** @internal exec (or set-up before it) failed. */
  failed(message: string): void {
    this.emit('error', new Error(message));
  }

  /** @internal the helper reaped it. */
  exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exitSeen) return;
    this.exitSeen = true;
    this.exitCode = code;
    this.signalCode = signal;
    if (this.refed) this.helper.unrefOne();
    this.emit('exit', code, signal);
    // 'close' once the child's output has been read to its end, as ChildProcess does; a
    // stream nobody reads is let go after a grace period.
    const readable = this.stdio.slice(1).filter((s) => !s.closed);
    this.stdin.destroy();
    let left = readable.length;
    const done = () => {
      clearTimeout(grace);
      this.emit('close', code, signal);
    };
    const grace = setTimeout(() => {
      for (const s of readable) s.destroy();
    }, 2000);
    grace.unref();
    if (left === 0) done();
    for (const s of readable)
      s.once('close', () => {
        if (--left === 0) done();
      });
  }

  /** SIGKILL to the child's process group (it is a session leader); once its pid is known. */
  kill(_signal?: NodeJS.Signals): boolean {
    if (this.pid === undefined) {
      this.pendingKill = true;
      return true;
    }
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      try {
        process.kill(this.pid, 'SIGKILL');
      } catch {
        return false;
      }
    }
    return true;
  }

  ref(): void {
    if (!this.refed && !this.exitSeen) {
      this.refed = true;
      this.helper.refOne();
    }
  }

  unref(): void {
    if (this.refed && !this.exitSeen) {
      this.refed = false;
      this.helper.unrefOne();
    }
  }
}

class Helper {
  readonly proc: ChildProcess;
  readonly dir: string;
  readonly socketPath: string;
  private readonly children = new Map<number, SpawnedChild>();
  private nextId = 0;
  private refs = 0;
  private buffer = '';
  private stderr = '';
  dead = false;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'pysec-spawner-')); // 0700: only our uid may connect
    this.socketPath = join(this.dir, 's');
    this.proc = spawn(pythonEnv().python, ['-I', '-S', '-B', join(PYTHON_LIBS, 'pysec_spawner'), this.socketPath], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {},
    });
    this.proc.stdout?.setEncoding('utf8');
    this.proc.stdout?.on('data', (chunk: string) => this.onData(chunk));
    this.proc.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4000);
    });
    this.proc.stdin?.on('error', () => {});
    this.proc.on('exit', () => this.onDeath());
    this.proc.on('error', () => this.onDeath());
    this.proc.unref();
    this.updateRef();
    waitFor(() => existsSync(this.socketPath) || this.proc.exitCode !== null, 10_000);
    if (!existsSync(this.socketPath)) {
      this.proc.kill('SIGKILL');
      throw new Error(`the process starter did not start: ${this.stderr.trim() || 'no output'}`);
    }
  }

  spawn(req: SpawnRequest): SpawnedChild {
    const id = ++this.nextId;
    const child = new SpawnedChild(this, id, req.fds);
    this.children.set(id, child);
    this.refs++;
    this.updateRef();
    this.proc.stdin?.write(`${JSON.stringify({ op: 'spawn', id, ...req })}\n`);
    return child;
  }

  refOne(): void {
    this.refs++;
    this.updateRef();
  }

  unrefOne(): void {
    this.refs--;
    this.updateRef();
  }

  /** The helper's channel keeps pysec running only while a child that counts is running. */
  private updateRef(): void {
    const out = this.proc.stdout as unknown as { ref?(): void; unref?(): void } | null;
    const err = this.proc.stderr as unknown as { ref?(): void; unref?(): void } | null;
    const inp = this.proc.stdin as unknown as { ref?(): void; unref?(): void } | null;
    for (const h of [out, err, inp]) (this.refs > 0 ? h?.ref : h?.unref)?.call(h);
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      const msg = JSON.parse(line) as {
        op: string;
        id: number;
        pid?: number;
        error?: string;
        code?: number | null;
        signal?: string | null;
      };
      const child = this.children.get(msg.id);
      if (!child) continue;
      if (msg.op === 'spawned' && msg.pid !== undefined) child.spawned(msg.pid);
      else if (msg.op === 'failed') child.failed(msg.error ?? 'the process could not start');
      else if (msg.op === 'exit') {
        this.children.delete(msg.id);
        child.exited(msg.code ?? null, (msg.signal ?? null) as NodeJS.Signals | null);
      }
    }
  }

  private onDeath(): void {
    if (this.dead) return;
    this.dead = true;
    if (current === this) current = undefined;
    // Its children die with it (bwrap --die-with-parent); report them ended.
    for (const [id, child] of this.children) {
      this.children.delete(id);
      child.lost = true;
      child.failed(`the process starter ended (${this.stderr.trim().split('\n').pop() ?? ''})`);
      child.exited(null, 'SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Blocks briefly (only when the helper starts, once per engine process). */
function waitFor(done: () => boolean, timeoutMs: number): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const end = performance.now() + timeoutMs;
  while (!done() && performance.now() < end) Atomics.wait(pause, 0, 0, 2);
}

let current: Helper | undefined;

/** Starts a process through the helper (started on first use, again if it ended). */
export function spawnViaHelper(req: SpawnRequest): SpawnedChild {
  if (!current || current.dead) current = new Helper();
  return current.spawn(req);
}

process.once('exit', () => {
  // Our end of the helper's stdin closes as we exit: it then kills every child and ends.
  if (current) rmSync(current.dir, { recursive: true, force: true });
});
