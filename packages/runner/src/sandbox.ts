/**
 * @module sandbox
 * Starts one process in a bubblewrap sandbox (or, where bubblewrap cannot run, without one,
 * and says so). The command line follows ../shared/notes/sandbox.md, where it was measured
 * against 30 hostile payloads, including its five traps:
 *  1. `--disable-userns` needs an explicit `--unshare-user`;
 *  2. bwrap's own environment is readable inside as /proc/1/environ → we start it with env {};
 *  3. zombies of bwrap's reaper count against RLIMIT_NPROC → each process gets a uid from a
 *     rotating pool when we are root, so a zombie never eats the next run's budget;
 *  4. `--dev` is an unlimited tmpfs → `--remount-ro /dev` after a size-limited /dev/shm;
 *  5. RLIMIT_NPROC is ignored for root and counted per uid → drop to a non-root uid.
 * Host-side reads of the run folder go through safe-fs.ts, which never follows links.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { ExitInfo, Limits, StopReason } from './limits.ts';

export interface Mount {
  host: string;
  inside: string;
  writable?: boolean;
}

export interface LaunchRequest {
  /** Read-only mounts beyond the system folders (libraries, venv, judge files). */
  mounts: Mount[];
  /** The writable run folder; becomes the working directory. */
  work: Mount;
  /** argv[0] and paths in it are as seen inside (use sandbox.path()). */
  argv: string[];
  env?: Record<string, string>;
  /** Extra pipes after stdin/stdout/stderr: fd 3, 4, … (read by us). */
  extraPipes?: number;
  limits: Limits;
}

export interface SandboxInfo {
  kind: 'bwrap' | 'none';
  /** Why there is no sandbox, or what is enforced. */
  note: string;
  asRoot: boolean;
  bwrap?: string;
}

const SYSTEM_BINDS = ['/etc/alternatives', '/etc/ld.so.cache', '/etc/localtime', '/etc/ssl/certs'];
const UID_BASE = 60_001;
const UID_POOL = 1_000;
let uidCursor = Math.floor(Math.random() * UID_POOL);

/** A fresh uid for one sandboxed process (root only): zombies of earlier runs never share its budget. */
export function nextUid(): number {
  uidCursor = (uidCursor + 1) % UID_POOL;
  return UID_BASE + uidCursor;
}

function which(cmd: string): string | undefined {
  for (const dir of ['/usr/bin', '/bin', '/usr/local/bin', '/usr/sbin']) {
    if (existsSync(`${dir}/${cmd}`)) return `${dir}/${cmd}`;
  }
  return undefined;
}

let probed: SandboxInfo | undefined;

type LaunchListener = (info: { pid: number | undefined; uid: number | undefined }) => void;
const launchListeners = new Set<LaunchListener>();

/** Observe every sandboxed process started (tests use it to prove nothing outlives a check). */
export function onLaunch(listener: LaunchListener): () => void {
  launchListeners.add(listener);
  return () => launchListeners.delete(listener);
}

/** Finds out once whether bubblewrap works here. PYSEC_SANDBOX=none forces the unsandboxed mode. */
export function sandboxInfo(): SandboxInfo {
  if (probed) return probed;
  const asRoot = process.getuid?.() === 0;
  const bwrap = which('bwrap');
  if (process.env.PYSEC_SANDBOX === 'none') {
    probed = { kind: 'none', asRoot, note: 'sandbox disabled by PYSEC_SANDBOX=none: learner code runs UNSANDBOXED' };
  } else if (!bwrap) {
    probed = {
      kind: 'none',
      asRoot,
      note: 'bubblewrap is not installed: learner code runs UNSANDBOXED (install it: apt-get install bubblewrap)',
    };
  } else {
    const argv = [...privilegeDrop(asRoot), bwrap, ...bwrapArgs({ host: '/tmp', inside: '/lab' }, [], 16 << 20), '/usr/bin/true'];
    const [cmd, ...rest] = argv as [string, ...string[]];
    const probe = spawnSync(cmd, rest, { env: {}, timeout: 10_000, encoding: 'utf8' });
    probed =
      probe.status === 0
        ? {
            kind: 'bwrap',
            asRoot,
            bwrap,
            note: asRoot ? 'bubblewrap, one uid per process, rlimits' : 'bubblewrap (user namespace), rlimits',
          }
        : {
            kind: 'none',
            asRoot,
            bwrap,
            note: `bubblewrap cannot start here (${(probe.stderr || probe.error?.message || '').trim().split('\n')[0]}): learner code runs UNSANDBOXED`,
          };
  }
  return probed;
}

function privilegeDrop(asRoot: boolean, uid = UID_BASE): string[] {
  const setpriv = which('setpriv');
  return asRoot && setpriv ? [setpriv, `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--'] : [];
}

function bwrapArgs(work: Mount, mounts: Mount[], tmpBytes: number): string[] {
  const args = [
    '--unshare-all',
    '--unshare-user',
    '--die-with-parent',
    '--new-session',
    '--ro-bind',
    '/usr',
    '/usr',
    '--tmpfs',
    '/usr/local',
    '--symlink',
    'usr/lib',
    '/lib',
    '--symlink',
    'usr/lib64',
    '/lib64',
    '--symlink',
    'usr/bin',
    '/bin',
    '--symlink',
    'usr/sbin',
    '/sbin',
  ];
  for (const path of SYSTEM_BINDS) if (existsSync(path)) args.push('--ro-bind', path, path);
  args.push(
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(tmpBytes),
    '--tmpfs',
    '/dev/shm',
    '--remount-ro',
    '/dev',
    '--size',
    String(tmpBytes),
    '--tmpfs',
    '/tmp',
  );
  for (const m of mounts) args.push(m.writable ? '--bind' : '--ro-bind', m.host, m.inside);
  args.push('--bind', work.host, work.inside, '--chdir', work.inside, '--hostname', 'sandbox', '--cap-drop', 'ALL', '--disable-userns');
  return args;
}

function rlimitArgs(limits: Limits, processes: number): string[] {
  const prlimit = which('prlimit');
  if (!prlimit) return [];
  return [
    prlimit,
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`,
    `--as=${limits.memoryBytes}`,
    `--nproc=${processes}`,
    `--fsize=${limits.fileBytes}`,
    `--nofile=${limits.openFiles}`,
    '--core=0',
    '--memlock=0',
    '--',
  ];
}

/** Processes of our own uid: RLIMIT_NPROC counts them too when we are not root. */
function ownProcessCount(): number {
  const uid = process.getuid?.();
  let count = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (new RegExp(`^Uid:\\s+${uid}\\b`, 'm').test(status)) count++;
    } catch {
      // the process ended while we looked
    }
  }
  return count;
}

const BASE_ENV = {
  PATH: '/usr/bin:/bin',
  LANG: 'C.UTF-8',
  PYTHONUTF8: '1',
  OPENBLAS_NUM_THREADS: '1',
};

export class SandboxProcess {
  readonly child: ChildProcess;
  readonly limits: Limits;
  readonly startedAt = performance.now();
  private stopReason: StopReason | undefined;
  private stderrChunks: Buffer[] = [];
  private stderrBytes = 0;
  private timer: NodeJS.Timeout;
  readonly exited: Promise<ExitInfo>;
  /** The uid the process runs as when we are root (files written later must be chowned to it). */
  readonly uid: number | undefined;

  constructor(child: ChildProcess, limits: Limits, uid?: number, onExit?: () => void) {
    this.child = child;
    this.limits = limits;
    this.uid = uid;
    this.timer = setTimeout(() => this.stop('wall-clock'), limits.wallMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrBytes += chunk.length;
      this.stderrChunks.push(chunk);
      let kept = this.stderrChunks.reduce((n, c) => n + c.length, 0);
      while (kept > 64 * 1024 && this.stderrChunks.length > 1) kept -= this.stderrChunks.shift()?.length ?? 0;
      if (this.stderrBytes > limits.outputBytes) this.stop('output-limit');
    });
    this.exited = new Promise((resolve) => {
      child.on('error', () => resolve({ code: null, signal: null, stoppedFor: this.stopReason ?? 'killed' }));
      child.on('close', (code, signal) => {
        clearTimeout(this.timer);
        onExit?.();
        resolve({ code, signal, ...(this.stopReason ? { stoppedFor: this.stopReason } : {}) });
      });
    });
  }

  get stdin(): Writable {
    return this.child.stdin as Writable;
  }

  get stdout(): Readable {
    return this.child.stdout as Readable;
  }

  pipe(fd: number): Readable {
    return this.child.stdio[fd] as Readable;
  }

  /** The last 64 KiB the process wrote to stderr (print() output, tracebacks). */
  output(): string {
    return Buffer.concat(this.stderrChunks).toString('utf8');
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Kill the whole tree: the outer bwrap dies, its pid-1 gets PDEATHSIG, the kernel ends the namespace. */
  stop(reason: StopReason): void {
    this.stopReason ??= reason;
    if (!this.running) return;
    const pid = this.child.pid;
    try {
      if (pid !== undefined) process.kill(-pid, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
  }
}

/** Where `mount` is seen by the process: inside the sandbox, or its host path when unsandboxed. */
export function sandboxPath(mount: Mount): string {
  return sandboxInfo().kind === 'bwrap' ? mount.inside : mount.host;
}

/** Starts one process under the sandbox and limits. */
export function launch(req: LaunchRequest): SandboxProcess {
  const info = sandboxInfo();
  const env = { ...BASE_ENV, HOME: sandboxPath(req.work), ...req.env };
  const stdio: ('pipe' | 'ignore')[] = ['pipe', 'pipe', 'pipe'];
  for (let i = 0; i < (req.extraPipes ?? 0); i++) stdio.push('pipe');
  let argv: string[];
  if (info.kind === 'bwrap' && info.bwrap) {
    const uid = info.asRoot ? nextUid() : undefined;
    if (uid !== undefined) chownTree(req.work.host, uid);
    const processes = info.asRoot ? req.limits.processes : ownProcessCount() + req.limits.processes;
    const envArgs = Object.entries(env).flatMap(([k, v]) => ['--setenv', k, v]);
    // As root, spawn() itself drops to the slot uid (libuv: setgroups([]), setgid, setuid);
    // prlimit then only lowers limits, which an unprivileged process may do.
    argv = [
      ...rlimitArgs(req.limits, processes),
      info.bwrap,
      ...bwrapArgs(req.work, req.mounts, req.limits.tmpBytes),
      '--clearenv',
      ...envArgs,
      '--',
      ...req.argv,
    ];
    const [cmd, ...args] = argv as [string, ...string[]];
    // bwrap itself gets an empty environment (trap 2); detached makes a process group to kill.
    const ids = uid === undefined ? {} : { uid, gid: uid };
    const proc = new SandboxProcess(spawn(cmd, args, { env: {}, stdio, detached: true, ...ids }), req.limits, uid);
    for (const l of launchListeners) l({ pid: proc.child.pid, uid });
    return proc;
  }
  const processes = info.asRoot ? 4096 : ownProcessCount() + req.limits.processes;
  argv = [...rlimitArgs(req.limits, processes), ...req.argv];
  const [cmd, ...args] = argv as [string, ...string[]];
  const proc = new SandboxProcess(spawn(cmd, args, { env, cwd: req.work.host, stdio, detached: true }), req.limits);
  for (const l of launchListeners) l({ pid: proc.child.pid, uid: undefined });
  return proc;
}

export function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (entry.isSymbolicLink()) continue;
    chownSync(`${entry.parentPath}/${entry.name}`, uid, uid);
  }
}
