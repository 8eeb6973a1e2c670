/**
 * @module node-sqlite
 * Kysely's SqliteDialect over Node's built-in `node:sqlite` (Node ≥ 22.13). Choosing it over
 * better-sqlite3 means no native build at install time — which on machines without GitHub
 * access means compiling against the headers of whichever Node runs npm, not Node 24.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { SqliteDialect } from 'kysely';

type Param = null | number | bigint | string | NodeJS.ArrayBufferView;

class Statement implements SqliteStatement {
  private readonly stmt: StatementSync;
  readonly reader: boolean;

  constructor(stmt: StatementSync) {
    this.stmt = stmt;
    this.reader = stmt.columns().length > 0;
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    return this.stmt.all(...(parameters as Param[]));
  }

  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.stmt.run(...(parameters as Param[]));
  }

  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    return this.stmt.iterate(...(parameters as Param[])) as IterableIterator<unknown>;
  }
}

export function openSqlite(path: string): { db: DatabaseSync; dialect: SqliteDialect } {
  const db = new DatabaseSync(path);
  // WAL with synchronous=NORMAL: a commit is a write to the log, without an fsync on the
  // event loop for each (several per check). The database is never corrupted; a power cut
  // (not a crash of pysec) can lose the last commits before the next checkpoint.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;');
  const adapter: SqliteDatabase = {
    close: () => db.close(),
    prepare: (sql: string) => new Statement(db.prepare(sql)),
  };
  return { db, dialect: new SqliteDialect({ database: adapter }) };
}
