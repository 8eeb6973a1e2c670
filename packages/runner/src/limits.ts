/** @module limits — resource limits of one sandboxed process, and what an exit means. */

export interface Limits {
  /** CPU seconds (soft; the hard limit is one second more, for SIGXCPU then SIGKILL). */
  cpuSeconds: number;
  /** Address space per process (RLIMIT_AS). */
  memoryBytes: number;
  /** Processes and threads of the sandbox uid (RLIMIT_NPROC); at most PROCESSES_WITHOUT_CGROUP without a memory cgroup. */
  processes: number;
  /** Memory of the whole process tree together (a cgroup, where the host offers one). */
  treeMemoryBytes: number;
  /** Processes and threads of the whole process tree (a pids cgroup, where the host offers one). */
  treeProcesses: number;
  /** Largest file a process may write (RLIMIT_FSIZE). */
  fileBytes: number;
  openFiles: number;
  /** Wall-clock limit for the whole process tree; then everything is killed. */
  wallMs: number;
  /** Bytes of stderr kept and allowed before the process is stopped for flooding. */
  outputBytes: number;
  /** Size of the sandbox's private /tmp and /dev/shm. */
  tmpBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  cpuSeconds: 10,
  memoryBytes: 768 * 1024 * 1024,
  processes: 32,
  treeMemoryBytes: 1024 * 1024 * 1024,
  treeProcesses: 64,
  fileBytes: 16 * 1024 * 1024,
  openFiles: 128,
  wallMs: 60_000,
  outputBytes: 1024 * 1024,
  tmpBytes: 16 * 1024 * 1024,
};

/**
 * Without a memory cgroup, memory is capped only per process, so the worst case is about
 * processes × address space: the process limit is lowered to this to keep it smaller.
 */
export const PROCESSES_WITHOUT_CGROUP = 16;

/** Why pysec stopped a process; 'lost': its sandbox ended with pysec's process starter (not the code's doing). */
export type StopReason = 'wall-clock' | 'output-limit' | 'message-limit' | 'killed' | 'timeout' | 'lost';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when pysec stopped the process itself. */
  stoppedFor?: StopReason;
  /** Processes of the tree the kernel killed for exceeding the tree's memory cap (cgroup). */
  oomKills?: number;
}

const SIGNALS: Record<number, string> = {
  6: 'it aborted (SIGABRT)',
  9: 'it was killed (SIGKILL): usually the memory or CPU hard limit',
  11: 'it crashed (segmentation fault)',
  24: 'it used up its CPU time limit',
  25: 'it tried to write a file larger than the limit',
};

/** Plain words for how a sandboxed process ended. bwrap reports "killed by N" as 128+N. */
export function describeExit(exit: ExitInfo, limits: Limits): string {
  switch (exit.stoppedFor) {
    case 'wall-clock':
      return `it ran longer than ${limits.wallMs / 1000} s and was stopped`;
    case 'output-limit':
      return `it printed more than ${Math.round(limits.outputBytes / 1024)} KiB and was stopped`;
    case 'message-limit':
      return 'it sent a message larger than the channel allows and was stopped';
    case 'timeout':
      return 'it did not answer in time and was stopped';
    case 'killed':
      return 'it was stopped';
    case 'lost':
      return "its sandbox ended with pysec's process starter (not because of the code); check again";
  }
  const mib = Math.round(limits.treeMemoryBytes / (1024 * 1024));
  if (exit.oomKills && (exit.signal || exit.code !== 0)) {
    return `its processes together used more than the ${mib} MiB of memory allowed and it was killed`;
  }
  if (exit.signal) return `it was killed by ${exit.signal}`;
  const code = exit.code ?? -1;
  if (code > 128 && code < 160) return SIGNALS[code - 128] ?? `it was killed by signal ${code - 128}`;
  return `it exited with status ${code}`;
}
