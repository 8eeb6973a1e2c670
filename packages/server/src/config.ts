/**
 * @module config
 * Server options: what the caller passes, completed from the environment and validated once
 * at start, so a bad setting stops the server with a clear message instead of surfacing
 * halfway through a check.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { PysecError } from '@pysec/core';
import { contentDir, REPO_ROOT } from '@pysec/runner';
import { defaultDataDir } from '@pysec/store';

export const DEFAULT_PORT = 8457;

export interface ServerOptions {
  /** Progress database and learner workspaces (default: the store's data dir, PYSEC_HOME). */
  dataDir?: string;
  /** The course folder (default: contentDir(), PYSEC_CONTENT). */
  contentRoot?: string;
  /** The built SPA (default: packages/web/dist). */
  webDist?: string;
  /** Address to listen on (startServer) and to accept in the Host header. */
  host?: string;
  /** Port to listen on (0: any free port); also what the Host check expects before listening (inject). */
  port?: number;
  /** The API token; random by default. Tests pass a known one. */
  token?: string;
  /** Whose progress and workspaces (single-user mode: "local"). */
  learner?: string;
  /** Concurrent checks (default PYSEC_CHECK_SLOTS, else the number of cores). */
  checkSlots?: number;
  /** Checks allowed to wait (default PYSEC_QUEUE_MAX, else 100). */
  queueMax?: number;
  /** Environment to read settings from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Where internal errors are reported (never to the client). */
  logError?: (message: string) => void;
}

export interface ServerConfig {
  dataDir: string;
  contentRoot: string;
  webDist: string;
  host: string;
  port: number;
  token: string | undefined;
  learner: string;
  checkSlots: number;
  queueMax: number;
  logError: (message: string) => void;
}

/** A learner name becomes a folder name under workspaces/: keep it to a safe alphabet. */
const LEARNER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function intSetting(name: string, raw: string | number | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PysecError('PYSEC_ERR_USAGE', `${name} must be a whole number from ${min} to ${max}; got ${JSON.stringify(String(raw))}.`, {
      hint: `Set ${name} to a number such as ${fallback}, or leave it unset.`,
    });
  }
  return value;
}

export function portSetting(name: string, raw: string | number | undefined): number {
  return intSetting(name, raw, DEFAULT_PORT, 0, 65_535);
}

export function resolveConfig(options: ServerOptions = {}): ServerConfig {
  const env = options.env ?? process.env;
  if (env.DATABASE_URL) {
    throw new PysecError(
      'PYSEC_ERR_DATABASE_UNSUPPORTED',
      'DATABASE_URL is set, but this pysec keeps progress only in its embedded SQLite store (PostgreSQL support comes later).',
      { hint: 'Unset DATABASE_URL to use the embedded store (in PYSEC_HOME or --data-dir).' },
    );
  }
  const learner = options.learner ?? 'local';
  if (!LEARNER.test(learner)) {
    throw new PysecError('PYSEC_ERR_USAGE', `The learner name ${JSON.stringify(learner)} is not usable.`, {
      hint: 'Use letters, digits, ".", "_" and "-" only (PYSEC_LEARNER), at most 64 characters.',
    });
  }
  return {
    dataDir: options.dataDir ?? defaultDataDir(),
    contentRoot: options.contentRoot ?? contentDir(),
    webDist: options.webDist ?? join(REPO_ROOT, 'packages', 'web', 'dist'),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? portSetting('PYSEC_PORT', env.PYSEC_PORT),
    token: options.token,
    learner,
    checkSlots: intSetting('PYSEC_CHECK_SLOTS', options.checkSlots ?? env.PYSEC_CHECK_SLOTS, availableParallelism(), 1, 256),
    queueMax: intSetting('PYSEC_QUEUE_MAX', options.queueMax ?? env.PYSEC_QUEUE_MAX, 100, 0, 10_000),
    logError: options.logError ?? ((message) => process.stderr.write(`${message}\n`)),
  };
}
