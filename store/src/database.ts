/** Which engine holds the data: a PostgreSQL server, or PGlite (PostgreSQL in WebAssembly). */
export type DatabaseEngine = 'postgresql' | 'pglite';

/** Something SQL can be sent to: the database, or one transaction of it. */
export interface Queryable {
  /**
   * Runs one statement with `$1`-style parameters and answers its rows.
   *
   * @throws Error the engine's own error (with its SQLSTATE `code`) when the statement fails
   */
  query<Row extends object>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * The gateway's own database: one SQL dialect (PostgreSQL's) whichever engine runs it, its
 * schema brought up to date when it was opened.
 */
export interface Database extends Queryable {
  readonly engine: DatabaseEngine;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws, so
   * nothing it wrote is left half-done.
   *
   * @throws the error `work` threw, after the rollback
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes every connection; the database is not used after. */
  close(): Promise<void>;
}
