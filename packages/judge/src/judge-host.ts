/**
 * @module judge-host
 * One judge sandbox per check, serving every step (up to JUDGE_CHANNELS): the judge library
 * starts once and forks a child per step (python/pysec_judge/main.py), instead of one
 * sandbox and one interpreter start per step (about 25 ms of CPU each, measured). The
 * steps' judges are our code and belong to the same check; each step still has its own
 * channel and its own verdict descriptor, so one step's requests and verdict never mix with
 * another's.
 */
import type { Readable, Writable } from 'node:stream';
import type { Lab, StepSpec } from '@pysec/core';
import type { Limits, SandboxProcess } from '@pysec/runner';
import { JUDGE_CHANNELS, JUDGE_EXTRA_FDS, startPython } from './python-sandbox.ts';
import { copyJudge, makeRunFolder, type RunFolder } from './run-folder.ts';
import { stepEnded, stepStarted, takeKit } from './warm.ts';

export interface JudgeChannel {
  /** Replies to the step's judge. */
  input: Writable;
  /** Requests from the step's judge, one JSON object per line. */
  output: Readable;
  /** The step's verdict, written once. */
  verdict: Readable;
}

export interface JudgeHost {
  proc: SandboxProcess;
  channels: JudgeChannel[];
  /** Stops the judge process and gives its folder back. */
  close(): Promise<void>;
}

function channelsOf(proc: SandboxProcess, n: number): JudgeChannel[] {
  // A channel no step uses is read to its end and dropped (the judge closes it at once),
  // so that the process's end is not kept waiting for it.
  for (let i = Math.max(n, 1); i < JUDGE_CHANNELS; i++) {
    (proc.child.stdio[2 + 2 * i] as unknown as Readable | null)?.resume();
    (proc.child.stdio[3 + 2 * i] as unknown as Readable | null)?.resume();
  }
  return Array.from({ length: n }, (_, i) => {
    if (i === 0) return { input: proc.stdin, output: proc.stdout, verdict: proc.pipe(3) };
    const duplex = proc.child.stdio[2 + 2 * i] as unknown as Readable & Writable;
    return { input: duplex, output: duplex, verdict: proc.pipe(3 + 2 * i) };
  });
}

/** Starts (or takes warm) the judge sandbox for these steps of one check (at most JUDGE_CHANNELS). */
export function startJudgeHost(lab: Lab, steps: readonly StepSpec[], limits: Limits): JudgeHost {
  if (steps.length > JUDGE_CHANNELS) throw new Error(`one judge serves at most ${JUDGE_CHANNELS} steps`);
  const kit = takeKit('judge', limits);
  const folder: RunFolder = kit?.folder ?? makeRunFolder();
  stepStarted();
  let proc: SandboxProcess | undefined;
  try {
    copyJudge(lab, folder.judge);
    const config = (judgeDir: string) =>
      steps.map((step) => ({
        judge: `${judgeDir}/${step.judge.slice('judge/'.length)}`,
        context: { lab: lab.spec.id, step: step.id, call_timeout: lab.spec.limits.call_timeout },
      }));
    if (kit?.judge) {
      proc = kit.judge;
      proc.claim(limits);
      proc.stdin.write(`${JSON.stringify({ steps: config('/judge') })}\n`);
    } else {
      const judgeMount = { host: folder.judge, inside: '/judge' };
      proc = startPython({
        role: 'judge',
        work: folder.scratch,
        mounts: [judgeMount],
        extraPipes: JUDGE_EXTRA_FDS,
        limits,
        args: (inside) => [inside.lib('pysec_judge'), JSON.stringify(config(inside.mount(judgeMount)))],
      });
    }
  } catch (err) {
    proc?.stop('killed');
    folder.remove();
    stepEnded('judge', limits);
    throw err;
  }
  const judge = proc;
  judge.child.stdin?.on('error', () => {});
  const channels = channelsOf(judge, steps.length);
  for (const ch of channels) ch.input.on('error', () => {});
  let closed: Promise<void> | undefined;
  return {
    proc: judge,
    channels,
    close: () => {
      closed ??= (async () => {
        judge.stop('killed');
        await judge.exited;
        folder.remove();
        stepEnded('judge', limits);
      })();
      return closed;
    },
  };
}
