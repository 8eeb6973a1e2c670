/**
 * @module @pysec/runner
 * Runs one process in the sandbox with limits (bubblewrap, seccomp, rlimits, cgroups); finds
 * the lab Python; reads and writes run folders without following links. Knows nothing about
 * labs or verdicts.
 */
export * from './cgroup.ts';
export * from './limits.ts';
export * from './paths.ts';
export * from './python-env.ts';
export * from './safe-fs.ts';
export * from './sandbox.ts';
export * from './seccomp.ts';
