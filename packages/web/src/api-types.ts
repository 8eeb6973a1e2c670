/**
 * @module api-types
 * The shapes of the pysec server API (docs/api.md, v1) as the web app reads them.
 *
 * The verdict types come straight from packages/core/src/verdict.ts, a file of types only
 * (type-only import: nothing of core's Node code reaches the bundle).
 */

import type { Verdict } from '../../core/src/verdict.ts';

export type { CheckKind, CheckResult, StepVerdict, Verdict } from '../../core/src/verdict.ts';

/** One point of a redos timing check: `details.timings`. */
export interface TimingPoint {
  family: string;
  length: number;
  ms: number;
  timed_out?: boolean;
}

// ---------------------------------------------------------------- course, lessons, quizzes

export type LabStatus = 'new' | 'started' | 'passed';

export interface Health {
  ok: boolean;
  sandboxed: boolean;
  sandboxNote: string;
}

export interface CourseLab {
  id: string;
  title: string;
  /** What the lab asks for, e.g. "exploit+fix" or "fix" (shown as given). */
  kind: string;
  /** 1 beginner, 2 intermediate, 3 advanced. */
  difficulty: number;
  summary: string;
  status: LabStatus;
}

export interface CourseModule {
  id: string;
  title: string;
  order: number;
  summary: string;
  hasLesson: boolean;
  hasQuiz: boolean;
  labs: CourseLab[];
}

export interface Course {
  title: string;
  modules: CourseModule[];
  progress: { passed: number; total: number };
}

export interface Lesson {
  title: string;
  /** Rendered on the server by markdown-it with html:false (raw HTML in content is escaped). */
  html: string;
}

export type QuestionKind = 'choice' | 'spot-the-bug' | 'output';

export interface QuizQuestion {
  id: string;
  kind: QuestionKind;
  prompt: string;
  code?: string;
  options: string[];
}

export interface Quiz {
  title: string;
  questions: QuizQuestion[];
  /** Questions whose latest answer (here or in `pysec quiz`) was right. */
  answeredCorrectly: string[];
}

export interface QuizAnswer {
  correct: boolean;
  /** Index of the correct option. */
  answer: number;
  explanation: string;
}

// ---------------------------------------------------------------- labs

export interface LabStep {
  id: string;
  kind: 'exploit' | 'fix';
  title: string;
  files: string[];
}

export interface LabDetail {
  id: string;
  title: string;
  module: string;
  kind: string;
  difficulty: number;
  /** CWE IDs such as "CWE-89" (lab.yaml has a list; a single string is accepted too). */
  cwe: string[] | string;
  summary: string;
  /** The task, rendered on the server like lessons (markdown-it, html:false). */
  taskHtml: string;
  steps: LabStep[];
  /** Editable file paths. */
  files: string[];
  /** The hints shown so far. */
  hints: string[];
  hintsTotal: number;
  status: LabStatus;
  stepsPassed: string[];
  lastVerdict?: Verdict;
}

export interface WorkspaceFile {
  path: string;
  content: string;
  /** Differs from the lab's original version. */
  modified: boolean;
}

export interface FilesResponse {
  files: WorkspaceFile[];
}

export interface SaveResponse {
  saved: boolean;
  modified: boolean;
}

export interface HintsResponse {
  hints: string[];
  total: number;
}

export interface CheckCreated {
  checkId: string;
  position: number;
}

export type StepPhase = 'judge-started' | 'target-started' | 'exploit-started' | (string & {});

/** The events of `GET /api/checks/:id/events`, with the SSE event name as `type`. */
export type CheckEvent =
  | { type: 'queued'; position: number }
  | { type: 'started' }
  | { type: 'step'; step: string; phase: StepPhase }
  | { type: 'verdict'; verdict: Verdict; labPassed: boolean }
  | { type: 'error'; code: string; message: string; hint?: string };

export interface CheckState {
  state: 'queued' | 'running' | 'done' | 'failed';
  position?: number;
  verdict?: Verdict;
  labPassed?: boolean;
  error?: { code: string; message: string; hint?: string };
}

export interface Solution {
  explanation: string;
  files: { path: string; content: string }[];
  badFixes: { name: string; fails: string[]; explanation: string }[];
  alternatives: { name: string; description: string }[];
}

export interface ApiErrorBody {
  error: { code: string; message: string; hint?: string };
}
