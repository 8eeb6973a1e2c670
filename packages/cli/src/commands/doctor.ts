import { EXIT } from '@pysec/core';
import { RUN_FOLDER_QUOTA } from '@pysec/judge';
import {
  DEFAULT_LIMITS,
  missingLibraries,
  PROCESSES_WITHOUT_CGROUP,
  pythonEnv,
  SANDBOX_NICE,
  type SandboxInfo,
  sandboxInfo,
} from '@pysec/runner';
import { c, mark } from '../color.ts';
import type { Command } from './types.ts';

export const doctor: Command = {
  name: 'doctor',
  usage: 'pysec doctor [--json]',
  summary: 'What this machine can run: Node, Python, sandbox, libraries, labs',
  help: `Exit code 0 when every lab can run sandboxed here, 4 when something is missing.`,
  options: { json: { type: 'boolean' } },
  async run(ctx, _args, flags) {
    const report: Record<string, unknown> = { node: process.version };
    const lines: string[] = [`${mark.ok()} Node ${process.version}`];
    let ok = true;
    let env: ReturnType<typeof pythonEnv> | undefined;
    try {
      env = pythonEnv();
      report.python = { venv: env.venv, version: env.version, base: env.basePrefix };
      lines.push(`${mark.ok()} Lab Python ${env.version} (${env.venv})`);
    } catch (err) {
      ok = false;
      report.python = { error: (err as Error).message };
      lines.push(`${mark.fail()} Lab Python: ${(err as Error).message} Run \`npm run setup\`.`);
    }
    const sb = sandboxInfo();
    report.sandbox = sb;
    const enforced = enforcement(sb);
    report.enforced = enforced;
    if (sb.kind === 'bwrap') lines.push(`${mark.ok()} Sandbox: ${sb.note}`);
    else {
      ok = false;
      lines.push(`${mark.fail()} Sandbox: ${sb.note}`);
    }
    lines.push(
      `${sb.asRoot ? mark.ok() : mark.warn()} Users: ${
        sb.asRoot
          ? 'each sandboxed process runs as its own uid'
          : 'sandboxed processes run as your uid (not root) and share its process limit'
      }`,
    );
    lines.push(`${sb.seccomp.enabled ? mark.ok() : mark.warn()} System calls: ${sb.seccomp.note}`);
    const tree = sb.cgroup;
    lines.push(
      tree.memory && tree.pids
        ? `${mark.ok()} Process trees: at most ${mib(DEFAULT_LIMITS.treeMemoryBytes)} of memory and ${DEFAULT_LIMITS.treeProcesses} processes per tree — ${tree.note}`
        : `${mark.warn()} Process trees: ${tree.note}${
            tree.memory
              ? ''
              : `; memory is capped per process only (${enforced.rlimits.processes} processes × ${mib(DEFAULT_LIMITS.memoryBytes)})`
          }`,
    );
    lines.push(
      c.dim(
        `  Enforced per process: no network, only the run folder writable, CPU ${DEFAULT_LIMITS.cpuSeconds} s, address space ${mib(DEFAULT_LIMITS.memoryBytes)}, ${enforced.rlimits.processes} processes, files ${mib(DEFAULT_LIMITS.fileBytes)}, ${DEFAULT_LIMITS.openFiles} open files, wall clock, output cap, priority below pysec's own (nice ${SANDBOX_NICE})${enforced.runFolder ? `; run folder ${mib(enforced.runFolder.bytes)} and ${enforced.runFolder.inodes} files per check` : ''}.` +
          (enforced.notEnforced.length ? ` Not enforced here: ${enforced.notEnforced.join('; ')} — see README, Security model.` : ''),
      ),
    );
    const labs: Record<string, string> = {};
    for (const lab of ctx.course.labs.values()) {
      const missing = env ? missingLibraries(lab.spec.requires) : ['python'];
      labs[lab.spec.id] = missing.length ? `missing ${missing.join(', ')}` : 'ok';
    }
    report.labs = labs;
    const unavailable = Object.entries(labs).filter(([, s]) => s !== 'ok');
    if (unavailable.length === 0) lines.push(`${mark.ok()} All ${Object.keys(labs).length} labs can run here`);
    else {
      ok = false;
      lines.push(`${mark.fail()} ${unavailable.length} lab(s) unavailable:`);
      for (const [id, s] of unavailable) lines.push(`    ${id}: ${s}`);
    }
    if (flags.json) ctx.out(JSON.stringify({ ok, ...report }, null, 2));
    else ctx.out(lines.join('\n'));
    return ok ? EXIT.ok : EXIT.environment;
  },
};

function mib(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}

/** What the sandbox enforces on this machine, for people and for `--json`. */
function enforcement(sb: SandboxInfo) {
  const processes = sb.cgroup.memory ? DEFAULT_LIMITS.processes : Math.min(DEFAULT_LIMITS.processes, PROCESSES_WITHOUT_CGROUP);
  const notEnforced: string[] = [];
  if (sb.kind !== 'bwrap') notEnforced.push('isolation (no sandbox)');
  if (!sb.seccomp.enabled) notEnforced.push('system-call filtering (no seccomp filter)');
  if (!sb.cgroup.memory) notEnforced.push('a memory cap for the whole process tree (no memory cgroup)');
  if (!sb.cgroup.pids) notEnforced.push('a process cap for the whole process tree (no pids cgroup)');
  if (!sb.asRoot) notEnforced.push('a separate uid per process (not root)');
  const runFolderQuota = sb.asRoot && process.env.PYSEC_RUN_TMPFS !== '0';
  if (!runFolderQuota) notEnforced.push('a size and file-count quota on the run folder (a tmpfs per check needs root)');
  return {
    sandbox: sb.kind,
    uidMode: sb.uidMode,
    seccomp: sb.seccomp.enabled,
    cgroup: {
      kind: sb.cgroup.kind,
      memoryBytes: sb.cgroup.memory ? DEFAULT_LIMITS.treeMemoryBytes : null,
      processes: sb.cgroup.pids ? DEFAULT_LIMITS.treeProcesses : null,
    },
    rlimits: {
      cpuSeconds: DEFAULT_LIMITS.cpuSeconds,
      addressSpaceBytes: DEFAULT_LIMITS.memoryBytes,
      processes,
      fileBytes: DEFAULT_LIMITS.fileBytes,
      openFiles: DEFAULT_LIMITS.openFiles,
    },
    runFolder: runFolderQuota ? { bytes: RUN_FOLDER_QUOTA.bytes, inodes: RUN_FOLDER_QUOTA.inodes } : null,
    notEnforced,
  };
}
