/**
 * @module @pysec/store
 * Learner progress behind one interface (ProgressStore); the embedded default is SQLite
 * through Kysely on node:sqlite.
 */
export { defaultDataDir, type LabProgress, openStore, type ProgressStore, type QuizProgress } from './store.ts';
