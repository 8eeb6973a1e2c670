/**
 * @module context
 * What every route needs: the course (loaded once at start), the store, the learner, the
 * workspaces and the checks — and the lookups that turn an ID from a URL into a known lab or
 * module, or a 404 naming the nearest ID.
 */
import { type Course, findLab, findModule, isPysecError, type Lab, type Module, PysecError, type Quiz } from '@pysec/core';
import type { LabProgress, ProgressStore } from '@pysec/store';
import type { CheckService } from './checks.ts';
import type { ServerConfig } from './config.ts';
import type { Workspaces } from './workspaces.ts';

export interface ServerContext {
  config: ServerConfig;
  course: Course;
  /** Module ID → its quiz (modules without quiz.yaml are absent). */
  quizzes: ReadonlyMap<string, Quiz>;
  store: ProgressStore;
  learner: string;
  workspaces: Workspaces;
  checks: CheckService;
}

export function lookupLab(course: Course, labId: string): Lab {
  try {
    return findLab(course, labId);
  } catch (err) {
    // Same message (with the nearest ID), but a next step that fits the web app.
    if (isPysecError(err)) throw new PysecError(err.code, err.message, { hint: 'The course overview lists every lab.' });
    throw err;
  }
}

export function lookupModule(course: Course, moduleId: string): Module {
  return findModule(course, moduleId, 'The course overview lists every module.');
}

export type LabStatus = 'new' | 'started' | 'passed';

/** The same rule as `pysec list`. */
export function labStatus(p: LabProgress | undefined): LabStatus {
  if (p?.passedAt) return 'passed';
  return p?.startedAt || (p?.checks ?? 0) > 0 ? 'started' : 'new';
}
