/** @module context — what every command needs: the course, the store, the learner, output. */
import { type Course, loadCourse } from '@pysec/core';
import { contentDir } from '@pysec/runner';
import { openStore, type ProgressStore } from '@pysec/store';

export interface Context {
  course: Course;
  store(): Promise<ProgressStore>;
  learner: string;
  cwd: string;
  out(text?: string): void;
  err(text: string): void;
  isTTY: boolean;
}

export function makeContext(): Context & { close(): Promise<void> } {
  let course: Course | undefined;
  let store: ProgressStore | undefined;
  return {
    get course() {
      course ??= loadCourse(contentDir());
      return course;
    },
    async store() {
      store ??= await openStore();
      return store;
    },
    learner: process.env.PYSEC_LEARNER || 'local',
    cwd: process.cwd(),
    out: (text = '') => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    isTTY: process.stdout.isTTY === true,
    async close() {
      await store?.close();
    },
  };
}
