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
 * On top of that, where set-up could build it (seccomp.ts), a seccomp filter refuses a list of
 * risky system calls, and where the host offers a writable cgroup (cgroup.ts), one group per
 * process tree caps the memory and processes of the whole tree.
 * Host-side reads of the run folder go through safe-fs.ts, which never follows links.
 */
import { type StdioOptions, spawnSync } from 'node:child_process';
import { chownSync, closeSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { type CgroupStatus, cgroupStatus, TreeGroup } from './cgroup.ts';
import { type ExitInfo, type Limits, PROCESSES_WITHOUT_CGROUP, type StopReason } from './limits.ts';
import { openSeccomp, SECCOMP_FD, type SeccompStatus, seccompStatus } from './seccomp.ts';
import { type RlimitName, type SpawnedChild, type SpawnRequest, spawnViaHelper } from './spawner.ts';
import { leaseUid, releaseUid, releaseUidWhenClean, UID_BASE } from './uid-lease.ts';

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
  /** Started ahead of a check (a warm sandbox): tell launch listeners only at `claim()`. */
  quiet?: boolean;
}

export interface SandboxInfo {
  kind: 'bwrap' | 'none';
  /** Why there is no sandbox, or what is enforced. */
  note: string;
  asRoot: boolean;
  bwrap?: string;
  /** Root: each sandboxed process gets its own uid; else they all run as ours. */
  uidMode: 'uid-per-process' | 'own-uid';
  /** The system-call filter (only with bwrap). */
  seccomp: SeccompStatus;
  /** Memory and process caps for whole process trees. */
  cgroup: CgroupStatus;
}

const SYSTEM_BINDS = ['/etc/alternatives', '/etc/ld.so.cache', '/etc/localtime', '/etc/ssl/certs'];

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

/** Runs `/usr/bin/true` in the sandbox, with the seccomp filter when given: the error, or undefined. */
function probeBwrap(bwrap: string, asRoot: boolean, seccompFile?: string): string | undefined {
  const argv = [...privilegeDrop(asRoot), bwrap, ...bwrapArgs({ host: '/tmp', inside: '/lab' }, [], 16 << 20)];
  const stdio: StdioOptions = ['ignore', 'pipe', 'pipe'];
  let fd: number | undefined;
  if (seccompFile) {
    fd = openSeccomp(seccompFile);
    argv.push('--seccomp', String(SECCOMP_FD));
    stdio.push(...seccompStdio(3, fd));
  }
  argv.push('/usr/bin/true');
  const [cmd, ...rest] = argv as [string, ...string[]];
  try {
    const probe = spawnSync(cmd, rest, { env: {}, timeout: 10_000, encoding: 'utf8', stdio });
    return probe.status === 0 ? undefined : (probe.stderr || probe.error?.message || `exit ${probe.status}`).trim().split('\n')[0];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** stdio entries from index `from` up to SECCOMP_FD: nothing in between, the filter at SECCOMP_FD. */
function seccompStdio(from: number, fd: number): ('ignore' | number)[] {
  if (from > SECCOMP_FD) throw new Error(`too many extra pipes: fd ${SECCOMP_FD} is the seccomp filter's`);
  return [...Array<'ignore'>(SECCOMP_FD - from).fill('ignore'), fd];
}

/**
 * Finds out once whether bubblewrap works here, with the seccomp filter, and which cgroups we may
 * use. PYSEC_SANDBOX=none forces the unsandboxed mode.
 */
export function sandboxInfo(): SandboxInfo {
  if (probed) return probed;
  const asRoot = process.getuid?.() === 0;
  const uidMode = asRoot ? 'uid-per-process' : 'own-uid';
  const bwrap = which('bwrap');
  const cgroup = cgroupStatus();
  const noSeccomp = (note: string): SeccompStatus => ({ enabled: false, note });
  const base = { asRoot, uidMode, cgroup } as const;
  if (process.env.PYSEC_SANDBOX === 'none') {
    probed = {
      ...base,
      kind: 'none',
      seccomp: noSeccomp('no seccomp filter (no sandbox)'),
      note: 'sandbox disabled by PYSEC_SANDBOX=none: learner code runs UNSANDBOXED',
    };
  } else if (!bwrap) {
    probed = {
      ...base,
      kind: 'none',
      seccomp: noSeccomp('no seccomp filter (no sandbox)'),
      note: 'bubblewrap is not installed: learner code runs UNSANDBOXED (install it: apt-get install bubblewrap)',
    };
  } else {
    const failed = probeBwrap(bwrap, asRoot);
    if (failed) {
      probed = {
        ...base,
        kind: 'none',
        bwrap,
        seccomp: noSeccomp('no seccomp filter (no sandbox)'),
        note: `bubblewrap cannot start here (${failed}): learner code runs UNSANDBOXED`,
      };
    } else {
      let seccomp = seccompStatus();
      if (seccomp.enabled && seccomp.file) {
        const refused = probeBwrap(bwrap, asRoot, seccomp.file);
        if (refused)
          seccomp = { enabled: false, file: seccomp.file, note: `bubblewrap refused the seccomp filter ${seccomp.file} (${refused})` };
      }
      const parts = [
        asRoot ? 'bubblewrap, one uid per process' : 'bubblewrap (user namespace)',
        seccomp.enabled ? 'seccomp' : 'no seccomp',
        cgroup.kind === 'none' ? 'rlimits (no cgroup)' : `rlimits, cgroup ${cgroup.kind}`,
      ];
      probed = { ...base, kind: 'bwrap', bwrap, seccomp, note: parts.join(', ') };
    }
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
  // bwrap's own root (/, and the folders it makes for mount points) is a tmpfs with no size
  // limit, like /dev (trap 4): read-only once everything is mounted.
  args.push('--remount-ro', '/');
  return args;
}

/** The rlimits of one process tree (set by the process starter in the child, before exec). */
function rlimits(limits: Limits, processes: number): [RlimitName, number, number][] {
  return [
    ['cpu', limits.cpuSeconds, limits.cpuSeconds + 1],
    ['as', limits.memoryBytes, limits.memoryBytes],
    ['nproc', processes, processes],
    ['fsize', limits.fileBytes, limits.fileBytes],
    ['nofile', limits.openFiles, limits.openFiles],
    ['core', 0, 0],
    ['memlock', 0, 0],
  ];
}

/** Processes and threads of our own uid: RLIMIT_NPROC counts every one of them when we are not root. */
function ownProcessCount(): number {
  const uid = process.getuid?.();
  let count = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (new RegExp(`^Uid:\\s+${uid}\\b`, 'm').test(status)) count += Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 1);
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

/**
 * Sandboxed processes run at a lower CPU priority than pysec itself: under load the engine,
 * which relays every message of every check, is never kept waiting by the code it runs,
 * and the web app stays responsive.
 */
export const SANDBOX_NICE = 10;

export class SandboxProcess {
  readonly child: SpawnedChild;
  limits: Limits;
  readonly startedAt = performance.now();
  private stopReason: StopReason | undefined;
  private stderrChunks: Buffer[] = [];
  private stderrBytes = 0;
  private timer: NodeJS.Timeout;
  readonly exited: Promise<ExitInfo>;
  /** The uid the process runs as when we are root (files written later must be chowned to it). */
  readonly uid: number | undefined;

  /** The cgroups of this process tree, where the host offers them. */
  readonly group: TreeGroup | undefined;
  /** Settles once the tree's cgroups are removed (after `exited`): true when they held nothing at the end. */
  readonly released: Promise<boolean>;

  constructor(child: SpawnedChild, limits: Limits, uid?: number, group?: TreeGroup) {
    this.child = child;
    this.limits = limits;
    this.uid = uid;
    this.group = group;
    const released = Promise.withResolvers<boolean>();
    this.released = released.promise;
    // Once: a process that fails to start reports 'error' and then 'close'. A pooled group
    // may serve another tree by the second event, and must not be emptied under it.
    let releasing = false;
    const release = (): void => {
      if (releasing) return;
      releasing = true;
      if (group) group.release().then(released.resolve, () => released.resolve(false));
      else released.resolve(false);
    };
    this.timer = setTimeout(() => this.stop('wall-clock'), limits.wallMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrBytes += chunk.length;
      this.stderrChunks.push(chunk);
      let kept = this.stderrChunks.reduce((n, c) => n + c.length, 0);
      while (kept > 64 * 1024 && this.stderrChunks.length > 1) kept -= this.stderrChunks.shift()?.length ?? 0;
      if (this.stderrBytes > limits.outputBytes) this.stop('output-limit');
    });
    this.exited = new Promise((resolve) => {
      child.on('error', () => {
        if (child.lost) this.stopReason ??= 'lost';
        clearTimeout(this.timer);
        release();
        resolve({ code: null, signal: null, stoppedFor: this.stopReason ?? 'killed' });
      });
      child.on('close', (code, signal) => {
        if (child.lost) this.stopReason ??= 'lost';
        clearTimeout(this.timer);
        const oomKills = group?.oomKills() ?? 0;
        release();
        resolve({ code, signal, ...(this.stopReason ? { stoppedFor: this.stopReason } : {}), ...(oomKills ? { oomKills } : {}) });
      });
    });
  }

  /** Tells launch listeners about this process (at launch, or when a warm one is claimed). */
  announce(): void {
    const tell = () => {
      for (const l of launchListeners) l({ pid: this.child.pid, uid: this.uid });
    };
    // The process starter reports the pid a moment after launch().
    if (this.child.pid === undefined && this.running) this.child.once('spawn', tell);
    else tell();
  }

  /**
   * A warm process (started ahead, waiting for its configuration) now serves a check: its
   * wall clock restarts with the check's limits, and listeners learn it belongs to the check.
   */
  claim(limits: Limits): void {
    clearTimeout(this.timer);
    this.limits = limits;
    if (this.running) this.timer = setTimeout(() => this.stop('wall-clock'), limits.wallMs);
    this.idle(false);
    this.announce();
  }

  /** An idle warm process must not keep pysec running: its handles stop counting until claimed. */
  idle(on: boolean): void {
    const handles = [this.child, ...this.child.stdio] as ({ ref?(): void; unref?(): void } | null)[];
    for (const h of handles) (on ? h?.unref : h?.ref)?.call(h);
    if (on) this.timer.unref();
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

  /** Why pysec stopped it, once it has (undefined while it runs or when it ended by itself). */
  get stoppedFor(): StopReason | undefined {
    return this.stopReason;
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
      if (pid === undefined)
        this.child.kill('SIGKILL'); // the starter kills it once it has a pid
      else process.kill(-pid, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
  }
}

/** Where `mount` is seen by the process: inside the sandbox, or its host path when unsandboxed. */
export function sandboxPath(mount: Mount): string {
  return sandboxInfo().kind === 'bwrap' ? mount.inside : mount.host;
}

/** RLIMIT_NPROC for one launch: fewer processes when no cgroup caps the tree's memory. */
function processLimit(limits: Limits, info: SandboxInfo): number {
  const perTree = info.cgroup.memory ? limits.processes : Math.min(limits.processes, PROCESSES_WITHOUT_CGROUP);
  return info.asRoot ? perTree : ownProcessCount() + perTree;
}

/** Starts the process through the process starter, which puts it in its cgroups before exec. */
function start(req: Omit<SpawnRequest, 'cgroups'>, limits: Limits, uid?: number): SandboxProcess {
  const group = TreeGroup.create({ memoryBytes: limits.treeMemoryBytes, processes: limits.treeProcesses });
  let child: SpawnedChild;
  try {
    child = spawnViaHelper({ ...req, cgroups: group?.dirs ?? [] });
  } catch (err) {
    void group?.release();
    throw err;
  }
  return new SandboxProcess(child, limits, uid, group);
}

/** Starts one process under the sandbox and limits. */
export function launch(req: LaunchRequest): SandboxProcess {
  const info = sandboxInfo();
  const env = { ...BASE_ENV, HOME: sandboxPath(req.work), ...req.env };
  const fds = 3 + (req.extraPipes ?? 0);
  if (fds > SECCOMP_FD) throw new Error(`too many extra pipes: fd ${SECCOMP_FD} is the seccomp filter's`);
  const processes = processLimit(req.limits, info);
  if (info.kind === 'bwrap' && info.bwrap) {
    const uid = info.asRoot ? leaseUid() : undefined;
    if (uid !== undefined) chownTree(req.work.host, uid);
    const envArgs = Object.entries(env).flatMap(([k, v]) => ['--setenv', k, v]);
    // The filter reaches bwrap open at SECCOMP_FD; bwrap reads it, closes it and applies it
    // right before it executes the learner's program (seccomp.test.ts checks the fd is gone).
    const seccomp: [string, number] | undefined = info.seccomp.enabled && info.seccomp.file ? [info.seccomp.file, SECCOMP_FD] : undefined;
    const argv = [
      info.bwrap,
      ...bwrapArgs(req.work, req.mounts, req.limits.tmpBytes),
      ...(seccomp ? ['--seccomp', String(SECCOMP_FD)] : []),
      '--clearenv',
      ...envArgs,
      '--',
      ...req.argv,
    ];
    // bwrap itself gets an empty environment (trap 2). The starter drops to the slot uid
    // (setgroups([]), setgid, setuid) after setting the limits, and makes a session to kill.
    try {
      const proc = start(
        {
          argv,
          env: {},
          fds,
          rlimits: rlimits(req.limits, processes),
          nice: SANDBOX_NICE,
          ...(uid === undefined ? {} : { uid }),
          ...(seccomp ? { seccomp } : {}),
        },
        req.limits,
        uid,
      );
      if (!req.quiet) proc.announce();
      // Emptied cgroups mean no process of the tree is left: the uid is free at once. Without
      // them, the process table is searched for the uid (releaseUidWhenClean).
      if (uid !== undefined) void proc.released.then((emptied) => (emptied ? releaseUid(uid) : releaseUidWhenClean(uid)));
      return proc;
    } catch (err) {
      if (uid !== undefined) releaseUid(uid);
      throw err;
    }
  }
  const proc = start(
    { argv: req.argv, env, cwd: req.work.host, fds, rlimits: rlimits(req.limits, info.asRoot ? 4096 : processes), nice: SANDBOX_NICE },
    req.limits,
  );
  if (!req.quiet) proc.announce();
  return proc;
}

export function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (entry.isSymbolicLink()) continue;
    chownSync(`${entry.parentPath}/${entry.name}`, uid, uid);
  }
}
