/**
 * @module seccomp
 * The system-call filter every sandboxed process runs under: a BPF program that set-up writes
 * with libseccomp (python/tools/make_seccomp.py, run by scripts/setup.sh) into the venv as
 * pysec-seccomp.bpf. bwrap loads it with `--seccomp <fd>` just before it starts the learner's
 * program; we hand it the file open at SECCOMP_FD, and bwrap closes that fd after reading, so
 * the learner never sees it. Without the file the sandbox runs without the filter and says so.
 * PYSEC_SECCOMP=<file> uses another program, PYSEC_SECCOMP=none none.
 */
import { openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { venvDir } from './paths.ts';

/** The child's fd the filter arrives on (after stdin/stdout/stderr and the extra pipes). */
export const SECCOMP_FD = 9;

export interface SeccompStatus {
  enabled: boolean;
  file?: string;
  note: string;
}

/** The system calls the filter refuses with EPERM (kept in step with python/tools/make_seccomp.py). */
export const SECCOMP_DENIED_SUMMARY =
  'ptrace, process_vm_readv/writev, keyctl, bpf, perf_event_open, io_uring, userfaultfd, modules, kexec, mount and namespace calls, reboot, swap, clock setting';

export function seccompFile(): string {
  return process.env.PYSEC_SECCOMP || join(venvDir(), 'pysec-seccomp.bpf');
}

/** Whether a usable filter file is there (not whether bwrap accepts it: sandboxInfo() tries that). */
export function seccompStatus(): SeccompStatus {
  if (process.env.PYSEC_SECCOMP === 'none') return { enabled: false, note: 'seccomp filter turned off by PYSEC_SECCOMP=none' };
  const file = seccompFile();
  try {
    const st = statSync(file);
    // A BPF program is a list of 8-byte instructions.
    if (!st.isFile() || st.size === 0 || st.size % 8 !== 0)
      return { enabled: false, file, note: `${file} is not a BPF program: no seccomp filter` };
    return { enabled: true, file, note: `seccomp filter (${file}): EPERM for ${SECCOMP_DENIED_SUMMARY}` };
  } catch {
    return {
      enabled: false,
      file,
      note: "no seccomp filter (set-up writes it when Debian's python3-seccomp is installed: apt-get install python3-seccomp, then npm run setup)",
    };
  }
}

/** Opens the filter for one launch; the caller closes its copy once the child has started. */
export function openSeccomp(file: string): number {
  return openSync(file, 'r');
}
