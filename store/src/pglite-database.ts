import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database';

/**
 * PGlite, PostgreSQL compiled to WebAssembly, in this process: the same SQL with nothing to
 * install, for `npm start`. One connection, so transactions run one at a time.
 */
export class PgliteDatabase implements Database {
  readonly engine = 'pglite';

  private constructor(private readonly db: PGlite) {}

  /** @param dataDir the folder its files live in; undefined keeps them in memory */
  static async open(dataDir: string | undefined): Promise<PgliteDatabase> {
    const db = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
    await db.waitReady;
    return new PgliteDatabase(db);
  }

  async query<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.db.query<Row>(sql, [...params])).rows;
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (inner) =>
      work({
        query: async <Row extends object>(sql: string, params: readonly unknown[] = []) =>
          (await inner.query<Row>(sql, [...params])).rows,
      }),
    );
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
