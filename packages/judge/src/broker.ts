/**
 * @module broker
 * Runs one step of a lab: starts the judge sandbox, relays its requests to the target (and,
 * in exploit steps, the learner's exploit to the target, through the step's allowlist),
 * and reads the verdict from the judge's fd 3 — a pipe that exists only between this
 * process and the judge. Nothing a learner's process prints is ever parsed as a verdict.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, Lab, StepSpec, StepVerdict } from '@pysec/core';
import {
  chownTree,
  DEFAULT_LIMITS,
  describeExit,
  type Limits,
  readInside,
  type SandboxProcess,
  sandboxInfo,
  UnsafePathError,
  writeInside,
} from '@pysec/runner';
import { type JudgeChannel, type JudgeHost, startJudgeHost } from './judge-host.ts';
import { LineReader, readAll } from './line-reader.ts';
import { startPython } from './python-sandbox.ts';
import { copyWorkspaceFiles, makeRunFolder, overlay, type RunFolder } from './run-folder.ts';
import { MAX_MESSAGE, TargetProcess, type TargetReply } from './target.ts';
import { parseJudgeVerdict } from './verdict-parse.ts';
import { stepEnded, stepStarted, takeKit, type WarmKit } from './warm.ts';

export interface StepRequest {
  lab: Lab;
  step: StepSpec;
  /** The learner's files (relative path → content); only the step's `files` are used. */
  submission: ReadonlyMap<string, Uint8Array>;
  /** Exploit steps: lay these files over the target too (to prove an exploit fails against a fix). */
  targetOverlay?: ReadonlyMap<string, Uint8Array>;
  /** Keep the judge's own tracebacks in the verdict (lab authors and proofs; never learners). */
  debugJudge?: boolean;
  /** Reveal payloads of hidden checks (the lab was passed before). */
  revealHidden?: boolean;
  /** Called as the step progresses (for streaming UIs). */
  onEvent?: (event: { type: 'judge-started' | 'target-started' | 'exploit-started'; step: string }) => void;
}

const JUDGE_VERDICT_MAX = 4 * 1024 * 1024;

function stepFiles(step: StepSpec, submission: ReadonlyMap<string, Uint8Array>): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const rel of step.files) {
    const data = submission.get(rel);
    if (data !== undefined) files.set(rel, data);
  }
  return files;
}

/**
 * JSON for a reply that may hold learner data: a value nested too deeply to serialise (a
 * 200 000-level list parses, then overflows the stack on the way out) becomes a fault.
 */
function safeStringify(reply: Record<string, unknown>): string {
  try {
    return JSON.stringify(reply);
  } catch {
    return JSON.stringify({
      id: reply.id,
      fault: { kind: 'crash', message: 'it answered with a value too deeply nested to pass on', output: '' },
    });
  }
}

/**
 * What an exploit may ask of the target: only the fields of an outside request. (A `module`
 * on `run` would run any module of the program; `keep` would hand out object handles.)
 */
function exploitRequest(req: Record<string, unknown>): Record<string, unknown> {
  switch (req.op) {
    case 'http':
      return { op: 'http', method: req.method, path: req.path, headers: req.headers, body: req.body };
    case 'run':
      return { op: 'run', argv: req.argv, stdin: req.stdin };
    default:
      return { op: 'call', fn: req.fn, args: req.args, kwargs: req.kwargs };
  }
}

/** One process's limits for a given wall time: CPU may use all of it (adaptive hashes are slow on purpose). */
function limitsFor(wallMs: number): Limits {
  return { ...DEFAULT_LIMITS, wallMs, cpuSeconds: Math.max(DEFAULT_LIMITS.cpuSeconds, Math.ceil(wallMs / 1000)) };
}

class StepSession {
  readonly target: TargetProcess;
  exploitRequests = 0;
  readonly req: StepRequest;
  readonly folder: RunFolder;

  constructor(req: StepRequest, folder: RunFolder) {
    this.req = req;
    this.folder = folder;
    const spec = req.lab.spec;
    this.target = new TargetProcess({
      work: folder.target,
      path: spec.target.path,
      wsgi: spec.target.wsgi,
      cli: spec.target.cli,
      preload: spec.target.preload,
      limits: limitsFor(spec.limits.step_timeout * 1000),
      startTimeoutMs: 10_000,
    });
  }

  /** Handles one judge request; the reply goes back on the judge's stdin. */
  async handle(msg: Record<string, unknown>): Promise<Record<string, unknown>> {
    const callTimeout = this.req.lab.spec.limits.call_timeout;
    switch (msg.op) {
      case 'target': {
        const seconds = typeof msg.timeout === 'number' && msg.timeout > 0 ? Math.min(msg.timeout, 60) : callTimeout;
        return (await this.target.request(msg.req as Record<string, unknown>, seconds * 1000)) as Record<string, unknown>;
      }
      case 'restart':
        await this.target.stop();
        this.target.prestart();
        return {};
      case 'output':
        return { text: this.target.output().slice(-16_000) };
      case 'write_file':
      case 'read_file': {
        const where = msg.where === 'exploit' ? this.folder.exploit : this.folder.target;
        try {
          if (msg.op === 'read_file') {
            const data = readInside(where, String(msg.path));
            return { data: data === null ? null : data.toString('base64') };
          }
          // Created as the sandbox uid through the file's own descriptor (never a chown of a
          // path the learner's running code could swap for a link).
          const owner = where === this.folder.target ? this.target.uid : this.exploitProc?.uid;
          writeInside(where, String(msg.path), Buffer.from(String(msg.data ?? ''), 'base64'), 0o644, owner);
          return {};
        } catch (err) {
          return { error: err instanceof UnsafePathError ? err.message : `cannot access ${String(msg.path)}` };
        }
      }
      case 'exploit':
        return this.runExploit(typeof msg.timeout === 'number' ? Math.min(msg.timeout, 120) : 20);
      default:
        return { error: `unknown op ${String(msg.op)}` };
    }
  }

  private allowed(req: Record<string, unknown>): string | undefined {
    const iface = this.req.step.interface;
    if (!iface) return 'this step has no target to attack';
    if (req.op === 'http' && iface.http) return undefined;
    if (req.op === 'run' && iface.run) return undefined;
    if (req.op === 'call' && typeof req.fn === 'string' && iface.call.includes(req.fn)) return undefined;
    const reachable = [
      iface.http ? 'target.http(...)' : '',
      iface.run ? 'target.run(...)' : '',
      ...iface.call.map((f) => `target.call("${f}", ...)`),
    ]
      .filter(Boolean)
      .join(', ');
    return `an attacker cannot do ${String(req.op)}${req.fn ? ` ${String(req.fn)}` : ''} here; what you can reach: ${reachable}`;
  }

  private exploitProc: SandboxProcess | undefined;
  /** A warm exploit interpreter from this step's kit, used for the first exploit run. */
  warmExploit: SandboxProcess | undefined;
  private exploitScript: string | undefined;
  private readonly exploitsRunning = new Set<SandboxProcess>();

  /**
   * Starts the exploit's interpreter; it waits for "go" (see pysec_client/bootstrap.py).
   * A cold one starts with the step, beside the judge: its start includes joining its
   * cgroups before exec, which waits (an RCU grace period, not CPU), and overlapping that
   * wait took sqli-login's cold exploit step from 113 to 101 ms p50 (CPU unchanged).
   */
  prestartExploit(): void {
    const entry = this.req.step.files.find((f) => f.endsWith('.py')) ?? this.req.step.files[0];
    const warm = this.warmExploit;
    this.warmExploit = undefined;
    if (warm?.running) {
      warm.claim(limitsFor(this.req.lab.spec.limits.step_timeout * 1000));
      this.exploitProc = warm;
      // Started without a script (it was not there yet): "go" names it.
      this.exploitScript = `/lab/${entry}`;
      return;
    }
    warm?.stop('killed');
    this.exploitScript = undefined;
    this.exploitProc = startPython({
      role: 'exploit',
      work: this.folder.exploit,
      limits: limitsFor(this.req.lab.spec.limits.step_timeout * 1000),
      args: (inside) => [join(inside.lib('pysec_client'), 'bootstrap.py'), `${inside.work}/${entry}`],
    });
    this.exploitProc.child.stdin?.on('error', () => {});
  }

  private async runExploit(seconds: number): Promise<Record<string, unknown>> {
    this.req.onEvent?.({ type: 'exploit-started', step: this.req.step.id });
    if (!this.exploitProc?.running) this.prestartExploit();
    const proc = this.exploitProc as SandboxProcess;
    this.exploitProc = undefined;
    this.exploitsRunning.add(proc);
    const clock = setTimeout(() => proc.stop('wall-clock'), seconds * 1000);
    const started = performance.now();
    proc.stdin.write(`${JSON.stringify(this.exploitScript ? { go: true, script: this.exploitScript } : { go: true })}\n`);
    const reader = new LineReader(proc.stdout, MAX_MESSAGE, () => proc.stop('message-limit'));
    for (;;) {
      const line = await reader.next();
      if (line === null) break;
      let req: Record<string, unknown>;
      try {
        req = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      // Only objects are requests; null, numbers, arrays are noise from the learner's process.
      if (req === null || typeof req !== 'object' || Array.isArray(req)) continue;
      this.exploitRequests++;
      const denied = this.allowed(req);
      let reply: TargetReply | { denied: string };
      if (denied) reply = { denied };
      else reply = await this.target.request(exploitRequest(req), this.req.lab.spec.limits.call_timeout * 1000);
      proc.stdin.write(`${safeStringify(reply)}\n`);
    }
    const exit = await proc.exited;
    this.exploitsRunning.delete(proc);
    clearTimeout(clock);
    const limits = { ...proc.limits, wallMs: seconds * 1000 };
    return {
      exit_code: exit.code,
      output: proc.output().slice(-32_000),
      timed_out: exit.stoppedFor === 'wall-clock',
      exit_reason: describeExit(exit, limits),
      wall_ms: performance.now() - started,
      requests: this.exploitRequests,
    };
  }

  async stopExploit(): Promise<void> {
    const all = [...this.exploitsRunning, ...(this.exploitProc ? [this.exploitProc] : []), ...(this.warmExploit ? [this.warmExploit] : [])];
    for (const p of all) p.stop('killed');
    await Promise.all(all.map((p) => p.exited));
  }
}

/** The limits of one step's processes. */
export function stepLimitsOf(lab: Lab): Limits {
  return limitsFor(lab.spec.limits.step_timeout * 1000);
}

/** Runs one step through the real judge (a judge process of its own) and returns its verdict. */
export async function runStep(req: StepRequest): Promise<StepVerdict> {
  const host = startJudgeHost(req.lab, [req.step], stepLimitsOf(req.lab));
  try {
    return await runStepWith(req, host, 0);
  } finally {
    await host.close();
  }
}

/** Runs one step whose judge is channel `index` of `host` (one judge process serves a check's steps). */
export async function runStepWith(req: StepRequest, host: JudgeHost, index: number): Promise<StepVerdict> {
  const started = performance.now();
  const { lab, step } = req;
  const kitKind = step.kind === 'exploit' ? 'exploit' : 'fix';
  const stepLimits = stepLimitsOf(lab);
  const kit: WarmKit | undefined = takeKit(kitKind, stepLimits);
  const folder = kit?.folder ?? makeRunFolder();
  const session = new StepSession(req, folder);
  if (kit?.target) {
    session.target.adopt(kit.target);
    session.warmExploit = kit.exploit;
  }
  const judge = host.proc;
  const channel = host.channels[index] as JudgeChannel;
  const base = { step: step.id, kind: step.kind, title: step.title };
  stepStarted();
  try {
    const tSetup = performance.now();
    copyWorkspaceFiles(lab, folder.target);
    const files = stepFiles(step, req.submission);
    if (step.kind === 'fix') overlay(folder.target, files);
    else {
      // The exploit folder holds the step's files: the learner's where given, else the lab's stubs.
      for (const rel of step.files) if (!files.has(rel)) files.set(rel, readFileSync(join(lab.dir, rel)));
      overlay(folder.exploit, files);
      if (req.targetOverlay) overlay(folder.target, req.targetOverlay);
    }
    if (kit) {
      // The kit's processes were started as their uids over empty folders: what was just
      // put there becomes theirs, as launch() does for a cold start.
      if (kit.target?.uid !== undefined) chownTree(folder.target, kit.target.uid);
      if (kit.exploit?.uid !== undefined) chownTree(folder.exploit, kit.exploit.uid);
    }
    req.onEvent?.({ type: 'judge-started', step: step.id });
    if (process.env.PYSEC_TRACE === '1')
      process.stderr.write(`[pysec trace] ${step.id}: folder + judge spawn ${(performance.now() - tSetup).toFixed(1)} ms\n`);
    // Load the program while the judge starts (exploit steps only if the exploit can reach it).
    const iface = step.interface;
    if (step.kind === 'fix' || (iface && (iface.http || iface.run || iface.call.length > 0))) session.target.prestart();
    if (step.kind === 'exploit' && !session.warmExploit) session.prestartExploit();
    const verdictPromise = readAll(channel.verdict, JUDGE_VERDICT_MAX);
    const proc = judge;
    const reader = new LineReader(channel.output, MAX_MESSAGE, () => proc.stop('message-limit'));
    const trace = process.env.PYSEC_TRACE === '1' ? new Map<string, { n: number; ms: number }>() : undefined;
    let idleSince = performance.now();
    let judgeMs = 0;
    let first = true;
    for (;;) {
      const line = await reader.next();
      if (line === null) break;
      if (first && trace)
        process.stderr.write(`[pysec trace] ${step.id}: judge's first request after ${(performance.now() - idleSince).toFixed(1)} ms\n`);
      first = false;
      judgeMs += performance.now() - idleSince;
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(line) as Record<string, unknown>;
      } catch {
        // The judge is lab code: a garbled request is a lab bug, reported as such below.
        proc.stop('killed');
        break;
      }
      const t = performance.now();
      const reply = await session.handle(msg);
      if (trace) {
        const key = msg.op === 'target' ? `target.${String((msg.req as Record<string, unknown>)?.op)}` : String(msg.op);
        const e = trace.get(key) ?? { n: 0, ms: 0 };
        trace.set(key, { n: e.n + 1, ms: e.ms + performance.now() - t });
      }
      channel.input.write(`${safeStringify({ ...reply, id: msg.id })}\n`);
      idleSince = performance.now();
    }
    if (trace) {
      const ops = [...trace].map(([k, v]) => `${k} ${v.n}× ${v.ms.toFixed(1)} ms`).join(', ');
      process.stderr.write(
        `[pysec trace] ${step.id}: judge busy ${judgeMs.toFixed(1)} ms (incl. its start); ${ops}; target starts ${session.target.starts}\n`,
      );
    }
    const raw = await verdictPromise;
    // The judge process may still serve other steps: only how it was stopped, if it was, counts.
    const stoppedFor = judge.stoppedFor;
    const parsed = parseJudgeVerdict(raw.data.toString('utf8'), raw.truncated, {
      debugJudge: req.debugJudge ?? process.env.PYSEC_DEBUG_JUDGE === '1',
    });
    if (parsed.kind === 'error' && stoppedFor === 'lost') {
      return {
        ...base,
        passed: false,
        checks: [],
        error: {
          code: 'PYSEC_ERR_SANDBOX_UNAVAILABLE',
          message:
            "The sandbox ended before this step finished: pysec's process starter stopped. Nothing of your code caused it; check again (and run `pysec doctor` if it keeps happening).",
        },
        durationMs: performance.now() - started,
      };
    }
    if (parsed.kind === 'error') {
      const reason = stoppedFor ? describeExit({ code: null, signal: 'SIGKILL', stoppedFor }, judge.limits) : parsed.message;
      return {
        ...base,
        passed: false,
        checks: [],
        error: {
          code: stoppedFor === 'wall-clock' ? 'PYSEC_ERR_STEP_TIMEOUT' : 'PYSEC_ERR_JUDGE_CRASHED',
          message:
            stoppedFor === 'wall-clock'
              ? `The step took longer than ${lab.spec.limits.step_timeout} s and was stopped.`
              : `The judge of this lab failed (${reason}). This is a bug in the lab, not in your code.`,
          ...(req.debugJudge || process.env.PYSEC_DEBUG_JUDGE === '1' ? { details: { judgeOutput: judge.output().slice(-8000) } } : {}),
        },
        durationMs: performance.now() - started,
      };
    }
    if (parsed.kind === 'setup-failed') {
      return {
        ...base,
        passed: false,
        checks: [],
        error: { code: 'PYSEC_ERR_TARGET_START', message: parsed.message, details: parsed.details },
        durationMs: performance.now() - started,
      };
    }
    const checks = parsed.checks.map((c) => withholdPayload(c, req.revealHidden ?? false));
    return { ...base, passed: checks.length > 0 && checks.every((c) => c.passed), checks, durationMs: performance.now() - started };
  } finally {
    const t = performance.now();
    await session.target.stop();
    await session.stopExploit();
    folder.remove();
    if (process.env.PYSEC_TRACE === '1')
      process.stderr.write(`[pysec trace] ${step.id}: teardown ${(performance.now() - t).toFixed(1)} ms${kit ? ' (warm kit)' : ''}\n`);
    // The next check of this kind finds its processes started (once no step is running).
    stepEnded(kitKind, stepLimits);
  }
}

function withholdPayload(check: CheckResult, reveal: boolean): CheckResult {
  if (!check.hidden || reveal || check.payload === undefined) return check;
  const { payload: _payload, ...rest } = check;
  return { ...rest, payloadWithheld: true };
}

export function sandboxNote(): { sandboxed: boolean; note: string } {
  const info = sandboxInfo();
  return { sandboxed: info.kind === 'bwrap', note: info.note };
}
