import { resolve } from 'node:path';
import type { Database } from './database';
import { migrate } from './migrations';
import { PgliteDatabase } from './pglite-database';
import { PostgresDatabase } from './postgres-database';

/** A database address that names no engine this package runs; the message never repeats it. */
export class DatabaseUrlError extends Error {
  readonly code = 'INVALID_DATABASE_URL';

  constructor() {
    super(
      'DATABASE_URL names no database: give postgres://user:password@host:port/name for a ' +
        'PostgreSQL server, pglite:<folder> for the embedded engine, or pglite:memory',
    );
    this.name = 'DatabaseUrlError';
  }
}

/**
 * Opens the database `url` names and brings its schema up to date (see `migrate`):
 * `postgres://` or `postgresql://` a PostgreSQL server, `pglite:<folder>` PGlite keeping its
 * files in that folder (relative to the working directory), `pglite:memory` PGlite in memory.
 *
 * @throws DatabaseUrlError for an address of another kind (before connecting anywhere)
 * @throws Error the engine's own error when it cannot connect or a migration fails (the
 *   connection is closed again)
 */
export async function openDatabase(url: string): Promise<Database> {
  const database = await connect(url);
  try {
    await migrate(database);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  return database;
}

function connect(url: string): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    return PostgresDatabase.connect(url);
  }
  if (url === 'pglite:memory') {
    return PgliteDatabase.open(undefined);
  }
  const folder = /^pglite:(.+)$/.exec(url)?.[1];
  if (folder !== undefined) {
    return PgliteDatabase.open(resolve(folder));
  }
  return Promise.reject(new DatabaseUrlError());
}
