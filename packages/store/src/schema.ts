/** @module schema — tables of the progress store, and their migrations (never edit a shipped one). */
import { type Kysely, type Migration, sql } from 'kysely';

export interface LabProgressTable {
  learner: string;
  lab_id: string;
  started_at: string | null;
  passed_at: string | null;
  hints_shown: number;
  checks: number;
  solution_viewed_at: string | null;
}

export interface StepProgressTable {
  learner: string;
  lab_id: string;
  step_id: string;
  passed_at: string | null;
}

export interface CheckRunTable {
  id: number | null;
  learner: string;
  lab_id: string;
  at: string;
  passed: number;
  duration_ms: number;
  verdict: string;
}

/** The latest answer a learner gave to each quiz question (re-answering replaces it). */
export interface QuizAnswerTable {
  learner: string;
  module_id: string;
  question_id: string;
  answer: number;
  correct: number;
  answered_at: string;
}

export interface Database {
  lab_progress: LabProgressTable;
  step_progress: StepProgressTable;
  check_run: CheckRunTable;
  quiz_answer: QuizAnswerTable;
}

export const migrations: Record<string, Migration> = {
  '0001-progress': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('lab_progress')
        .addColumn('learner', 'text', (c) => c.notNull())
        .addColumn('lab_id', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('passed_at', 'text')
        .addColumn('hints_shown', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('checks', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('solution_viewed_at', 'text')
        .addPrimaryKeyConstraint('lab_progress_pk', ['learner', 'lab_id'])
        .execute();
      await db.schema
        .createTable('step_progress')
        .addColumn('learner', 'text', (c) => c.notNull())
        .addColumn('lab_id', 'text', (c) => c.notNull())
        .addColumn('step_id', 'text', (c) => c.notNull())
        .addColumn('passed_at', 'text')
        .addPrimaryKeyConstraint('step_progress_pk', ['learner', 'lab_id', 'step_id'])
        .execute();
      await db.schema
        .createTable('check_run')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('learner', 'text', (c) => c.notNull())
        .addColumn('lab_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
        .addColumn('passed', 'integer', (c) => c.notNull())
        .addColumn('duration_ms', 'real', (c) => c.notNull())
        .addColumn('verdict', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('check_run_lab').on('check_run').columns(['learner', 'lab_id', 'id']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('check_run').execute();
      await db.schema.dropTable('step_progress').execute();
      await db.schema.dropTable('lab_progress').execute();
    },
  },
  '0002-quiz': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('quiz_answer')
        .addColumn('learner', 'text', (c) => c.notNull())
        .addColumn('module_id', 'text', (c) => c.notNull())
        .addColumn('question_id', 'text', (c) => c.notNull())
        .addColumn('answer', 'integer', (c) => c.notNull())
        .addColumn('correct', 'integer', (c) => c.notNull())
        .addColumn('answered_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('quiz_answer_pk', ['learner', 'module_id', 'question_id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('quiz_answer').execute();
    },
  },
};
