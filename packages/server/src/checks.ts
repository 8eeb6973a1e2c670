/**
 * @module checks
 * Checks as the server runs them: accepted into the queue with a snapshot of the learner's
 * files, judged by the same engine call as `pysec check` (checkLab), recorded in the store the
 * same way, and observable as a stream of events. Finished checks are kept for a while so a
 * late subscriber still gets the outcome.
 */
import { randomUUID } from 'node:crypto';
import { isPysecError, type Lab, PysecError, type Verdict } from '@pysec/core';
import { checkLab } from '@pysec/judge';
import type { ProgressStore } from '@pysec/store';
import type { CheckQueue } from './queue.ts';

/** What the event stream carries: `event:` is the name, `data:` the JSON payload. */
export type CheckEvent =
  | { event: 'queued'; data: { position: number } }
  | { event: 'started'; data: Record<string, never> }
  | { event: 'step'; data: { step: string; phase: string } }
  | { event: 'verdict'; data: { verdict: Verdict; labPassed: boolean } }
  | { event: 'error'; data: { code: string; message: string; hint?: string } };

export type CheckState = 'queued' | 'running' | 'done' | 'failed';

export interface CheckStatus {
  state: CheckState;
  position?: number;
  verdict?: Verdict;
  labPassed?: boolean;
  error?: { code: string; message: string; hint?: string };
}

type Listener = (event: CheckEvent) => void;

interface CheckRecord {
  id: string;
  learner: string;
  labId: string;
  state: CheckState;
  position: number;
  /** `step` events so far, replayed to whoever subscribes while the check runs. */
  steps: CheckEvent[];
  final?: CheckEvent;
  finishedAt?: number;
  listeners: Set<Listener>;
}

/** How long and how many finished checks stay readable. */
const KEEP_MS = 15 * 60_000;
const KEEP_MAX = 500;

export type RunCheck = typeof checkLab;

export class CheckService {
  private readonly records = new Map<string, CheckRecord>();
  private readonly queue: CheckQueue;
  private readonly store: ProgressStore;
  private readonly logError: (message: string) => void;
  private readonly runCheck: RunCheck;

  constructor(deps: { queue: CheckQueue; store: ProgressStore; logError: (message: string) => void; runCheck?: RunCheck }) {
    this.queue = deps.queue;
    this.store = deps.store;
    this.logError = deps.logError;
    this.runCheck = deps.runCheck ?? checkLab;
  }

  /** Queues a check of `submission` (read when the learner asked, not when a slot frees up). */
  submit(
    learner: string,
    lab: Lab,
    submission: ReadonlyMap<string, Uint8Array>,
    step: string | undefined,
  ): { checkId: string; position: number } {
    this.prune();
    const record: CheckRecord = {
      id: randomUUID(),
      learner,
      labId: lab.spec.id,
      state: 'queued',
      position: 0,
      steps: [],
      listeners: new Set(),
    };
    const position = this.queue.add({
      run: () => this.run(record, lab, submission, step),
      moved: (pos) => {
        if (record.state !== 'queued') return;
        record.position = pos;
        this.emit(record, { event: 'queued', data: { position: pos } });
      },
      cancelled: () => {
        this.finish(record, 'failed', {
          event: 'error',
          data: { code: 'PYSEC_ERR_INTERNAL', message: 'The server stopped before this check ran.', hint: 'Check again.' },
        });
      },
    });
    // run() starts on a later tick, so the record is complete before any event is emitted.
    record.position = position;
    this.records.set(record.id, record);
    return { checkId: record.id, position };
  }

  private async run(record: CheckRecord, lab: Lab, submission: ReadonlyMap<string, Uint8Array>, step: string | undefined): Promise<void> {
    record.state = 'running';
    record.position = 0;
    this.emit(record, { event: 'started', data: {} });
    try {
      const before = await this.store.progress(record.learner, record.labId);
      const verdict = await this.runCheck(lab, submission, {
        step,
        // Hidden attack inputs are shown only to someone who has passed the lab already.
        revealHidden: before.passedAt !== null,
        onEvent: (e) => {
          const event: CheckEvent = { event: 'step', data: { step: e.step, phase: e.type } };
          record.steps.push(event);
          this.emit(record, event);
        },
      });
      // Recorded exactly as `pysec check` records it.
      await this.store.recordCheck(record.learner, verdict);
      const after = await this.store.progress(record.learner, record.labId);
      // Steps may be passed in separate checks: the lab is passed once every step has been.
      const labPassed = verdict.passed || lab.spec.steps.every((s) => after.stepsPassed.includes(s.id));
      this.finish(record, 'done', { event: 'verdict', data: { verdict, labPassed } });
    } catch (err) {
      this.finish(record, 'failed', { event: 'error', data: this.describe(err) });
    }
  }

  private describe(err: unknown): { code: string; message: string; hint?: string } {
    if (isPysecError(err)) return { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
    // Details of an internal failure go to the server log, not to the client.
    this.logError(`pysec server: check failed: ${(err as Error)?.stack ?? String(err)}`);
    return {
      code: 'PYSEC_ERR_INTERNAL',
      message: 'The check could not run because of an error inside pysec.',
      hint: 'Check again; if it repeats, report it.',
    };
  }

  private emit(record: CheckRecord, event: CheckEvent): void {
    for (const listener of record.listeners) listener(event);
  }

  private finish(record: CheckRecord, state: 'done' | 'failed', event: CheckEvent): void {
    if (record.final) return;
    record.state = state;
    record.position = 0;
    record.final = event;
    record.finishedAt = Date.now();
    this.emit(record, event);
    record.listeners.clear();
  }

  /** The check, if it exists and belongs to this learner; otherwise PYSEC_ERR_NOT_FOUND. */
  private find(learner: string, checkId: string): CheckRecord {
    const record = this.records.get(checkId);
    // Someone else's check is reported exactly like a missing one.
    if (!record || record.learner !== learner) {
      throw new PysecError('PYSEC_ERR_NOT_FOUND', 'There is no check with this ID (finished checks are kept for 15 minutes).', {
        hint: 'Start a new check.',
      });
    }
    return record;
  }

  status(learner: string, checkId: string): CheckStatus {
    const r = this.find(learner, checkId);
    const status: CheckStatus = { state: r.state };
    if (r.state === 'queued') status.position = r.position;
    if (r.final?.event === 'verdict') {
      status.verdict = r.final.data.verdict;
      status.labPassed = r.final.data.labPassed;
    }
    if (r.final?.event === 'error') status.error = r.final.data;
    return status;
  }

  /**
   * Calls `listener` with where the check stands now (its place in line; or `started` and the
   * step events so far; or the final event), then with every new event. Returns whether the
   * stream is already over, and a function to stop listening.
   */
  subscribe(learner: string, checkId: string, listener: Listener): { ended: boolean; unsubscribe: () => void } {
    const r = this.find(learner, checkId);
    if (r.final) {
      listener(r.final);
      return { ended: true, unsubscribe: () => undefined };
    }
    if (r.state === 'queued') listener({ event: 'queued', data: { position: r.position } });
    else {
      listener({ event: 'started', data: {} });
      for (const e of r.steps) listener(e);
    }
    r.listeners.add(listener);
    return { ended: false, unsubscribe: () => r.listeners.delete(listener) };
  }

  private prune(): void {
    const now = Date.now();
    const finished = [...this.records.values()].filter((r) => r.finishedAt !== undefined);
    const excess = finished.length - KEEP_MAX;
    finished.forEach((r, i) => {
      if (i < excess || now - (r.finishedAt ?? now) > KEEP_MS) this.records.delete(r.id);
    });
  }
}
