/**
 * @module store
 * Learner progress: labs started and passed, steps passed, hints shown, check history.
 * One interface for the CLI and the server; SQLite (embedded) now, PostgreSQL later behind
 * the same interface and the same contract tests (store.test.ts).
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { PysecError, type Verdict } from '@pysec/core';
import { Kysely, type MigrationProvider, Migrator } from 'kysely';
import { openSqlite } from './node-sqlite.ts';
import { type Database, migrations } from './schema.ts';

export interface LabProgress {
  labId: string;
  startedAt: string | null;
  passedAt: string | null;
  hintsShown: number;
  checks: number;
  solutionViewedAt: string | null;
  stepsPassed: string[];
}

/** A learner's standing in one module's quiz: the latest answer to each question. */
export interface QuizProgress {
  moduleId: string;
  answered: number;
  correct: number;
  /** Question IDs whose latest answer was right. */
  correctIds: string[];
}

export interface ProgressStore {
  markStarted(learner: string, labId: string): Promise<void>;
  recordCheck(learner: string, verdict: Verdict): Promise<void>;
  /** Increments the hint counter and returns how many hints are now shown. */
  nextHint(learner: string, labId: string, available: number): Promise<number>;
  markSolutionViewed(learner: string, labId: string): Promise<void>;
  progress(learner: string, labId: string): Promise<LabProgress>;
  allProgress(learner: string): Promise<LabProgress[]>;
  lastVerdict(learner: string, labId: string): Promise<Verdict | undefined>;
  /** Records (or replaces) the learner's answer to one quiz question. */
  recordQuizAnswer(learner: string, moduleId: string, questionId: string, answer: number, correct: boolean): Promise<void>;
  /** Quiz standing per module the learner has answered in, by module ID. */
  quizProgress(learner: string): Promise<QuizProgress[]>;
  close(): Promise<void>;
}

/** Where the embedded store lives: $PYSEC_HOME, else $XDG_DATA_HOME/pysec, else ~/.local/share/pysec. */
export function defaultDataDir(): string {
  if (process.env.PYSEC_HOME) return process.env.PYSEC_HOME;
  const xdg = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(xdg, 'pysec');
}

const now = () => new Date().toISOString();

class KyselyProgressStore implements ProgressStore {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  private async ensure(learner: string, labId: string): Promise<void> {
    await this.db
      .insertInto('lab_progress')
      .values({ learner, lab_id: labId, started_at: null, passed_at: null, hints_shown: 0, checks: 0, solution_viewed_at: null })
      .onConflict((oc) => oc.columns(['learner', 'lab_id']).doNothing())
      .execute();
  }

  async markStarted(learner: string, labId: string): Promise<void> {
    await this.ensure(learner, labId);
    await this.db
      .updateTable('lab_progress')
      .set({ started_at: now() })
      .where('learner', '=', learner)
      .where('lab_id', '=', labId)
      .where('started_at', 'is', null)
      .execute();
  }

  async recordCheck(learner: string, verdict: Verdict): Promise<void> {
    const labId = verdict.lab;
    await this.ensure(learner, labId);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('check_run')
        .values({
          id: null,
          learner,
          lab_id: labId,
          at: now(),
          passed: verdict.passed ? 1 : 0,
          duration_ms: verdict.durationMs,
          verdict: JSON.stringify(verdict),
        })
        .execute();
      const row = await trx
        .selectFrom('lab_progress')
        .select('checks')
        .where('learner', '=', learner)
        .where('lab_id', '=', labId)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('lab_progress')
        .set({ checks: row.checks + 1 })
        .where('learner', '=', learner)
        .where('lab_id', '=', labId)
        .execute();
      if (verdict.passed) {
        await trx
          .updateTable('lab_progress')
          .set({ passed_at: now() })
          .where('learner', '=', learner)
          .where('lab_id', '=', labId)
          .where('passed_at', 'is', null)
          .execute();
      }
      for (const step of verdict.steps.filter((s) => s.passed)) {
        await trx
          .insertInto('step_progress')
          .values({ learner, lab_id: labId, step_id: step.step, passed_at: now() })
          .onConflict((oc) => oc.columns(['learner', 'lab_id', 'step_id']).doNothing())
          .execute();
      }
    });
  }

  async nextHint(learner: string, labId: string, available: number): Promise<number> {
    await this.ensure(learner, labId);
    const row = await this.db
      .selectFrom('lab_progress')
      .select('hints_shown')
      .where('learner', '=', learner)
      .where('lab_id', '=', labId)
      .executeTakeFirstOrThrow();
    const shown = Math.min(available, row.hints_shown + 1);
    await this.db
      .updateTable('lab_progress')
      .set({ hints_shown: shown })
      .where('learner', '=', learner)
      .where('lab_id', '=', labId)
      .execute();
    return shown;
  }

  async markSolutionViewed(learner: string, labId: string): Promise<void> {
    await this.ensure(learner, labId);
    await this.db
      .updateTable('lab_progress')
      .set({ solution_viewed_at: now() })
      .where('learner', '=', learner)
      .where('lab_id', '=', labId)
      .where('solution_viewed_at', 'is', null)
      .execute();
  }

  async progress(learner: string, labId: string): Promise<LabProgress> {
    const all = await this.allProgress(learner);
    return (
      all.find((p) => p.labId === labId) ?? {
        labId,
        startedAt: null,
        passedAt: null,
        hintsShown: 0,
        checks: 0,
        solutionViewedAt: null,
        stepsPassed: [],
      }
    );
  }

  async allProgress(learner: string): Promise<LabProgress[]> {
    const rows = await this.db.selectFrom('lab_progress').selectAll().where('learner', '=', learner).orderBy('lab_id').execute();
    const steps = await this.db.selectFrom('step_progress').selectAll().where('learner', '=', learner).execute();
    return rows.map((r) => ({
      labId: r.lab_id,
      startedAt: r.started_at,
      passedAt: r.passed_at,
      hintsShown: r.hints_shown,
      checks: r.checks,
      solutionViewedAt: r.solution_viewed_at,
      stepsPassed: steps.filter((s) => s.lab_id === r.lab_id).map((s) => s.step_id),
    }));
  }

  async lastVerdict(learner: string, labId: string): Promise<Verdict | undefined> {
    const row = await this.db
      .selectFrom('check_run')
      .select('verdict')
      .where('learner', '=', learner)
      .where('lab_id', '=', labId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? (JSON.parse(row.verdict) as Verdict) : undefined;
  }

  async recordQuizAnswer(learner: string, moduleId: string, questionId: string, answer: number, correct: boolean): Promise<void> {
    const row = { learner, module_id: moduleId, question_id: questionId, answer, correct: correct ? 1 : 0, answered_at: now() };
    await this.db
      .insertInto('quiz_answer')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['learner', 'module_id', 'question_id']).doUpdateSet({ answer, correct: row.correct, answered_at: row.answered_at }),
      )
      .execute();
  }

  async quizProgress(learner: string): Promise<QuizProgress[]> {
    const rows = await this.db
      .selectFrom('quiz_answer')
      .select(['module_id', 'question_id', 'correct'])
      .where('learner', '=', learner)
      .orderBy('module_id')
      .orderBy('question_id')
      .execute();
    const byModule = new Map<string, QuizProgress>();
    for (const r of rows) {
      const p = byModule.get(r.module_id) ?? { moduleId: r.module_id, answered: 0, correct: 0, correctIds: [] };
      byModule.set(r.module_id, p);
      p.answered++;
      if (r.correct) {
        p.correct++;
        p.correctIds.push(r.question_id);
      }
    }
    return [...byModule.values()];
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Opens (creating and migrating) the embedded SQLite store. `:memory:` works for tests. */
export async function openStore(path = join(defaultDataDir(), 'pysec.db')): Promise<ProgressStore> {
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const { dialect } = openSqlite(path);
    const db = new Kysely<Database>({ dialect });
    const { error } = await new Migrator({ db, provider }).migrateToLatest();
    if (error) throw error;
    return new KyselyProgressStore(db);
  } catch (err) {
    throw new PysecError('PYSEC_ERR_STORE', `Cannot open the progress store at ${path}: ${(err as Error).message}`, {
      hint: 'Check that the folder is writable, or set PYSEC_HOME to another folder.',
      cause: err,
    });
  }
}
