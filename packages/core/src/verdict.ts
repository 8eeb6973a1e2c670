/** @module verdict — what a check produces; shared by the CLI, the server and the web app. */

export type CheckKind = 'functional' | 'attack';

export interface CheckResult {
  id: string;
  kind: CheckKind;
  title: string;
  passed: boolean;
  /** Written for the learner: what went wrong, in their terms. Empty when passed. */
  message: string;
  hidden: boolean;
  /** Tracebacks, timings, evidence. Never contains hidden payloads. */
  details?: Record<string, unknown>;
  /** The input an attack used; withheld for hidden checks until the lab is passed. */
  payload?: string;
  payloadWithheld?: boolean;
}

export interface StepVerdict {
  step: string;
  kind: 'exploit' | 'fix';
  title: string;
  passed: boolean;
  checks: CheckResult[];
  /** A reason the step could not be judged at all (setup failed, sandbox crashed). */
  error?: { code: string; message: string; details?: Record<string, unknown> };
  durationMs: number;
}

export interface Verdict {
  lab: string;
  passed: boolean;
  steps: StepVerdict[];
  /** False when no sandbox was available: the verdict says so loudly. */
  sandboxed: boolean;
  sandboxNote?: string;
  durationMs: number;
}
