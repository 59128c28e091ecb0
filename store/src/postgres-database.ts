import pg from 'pg';
import type { Database, Queryable } from './database';

/** A PostgreSQL server through a pool of connections (`DATABASE_URL=postgres://...`). */
export class PostgresDatabase implements Database {
  readonly engine = 'postgresql';

  private constructor(private readonly pool: pg.Pool) {}

  /**
   * Connects once, so a wrong address or password fails at start-up, not on the first request.
   *
   * @throws Error the driver's own error when the server cannot be reached or refuses the login
   */
  static async connect(url: string): Promise<PostgresDatabase> {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection the server dropped must not take the process down with it.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      client.release();
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresDatabase(pool);
  }

  async query<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.pool.query<Row>(sql, [...params]);
    return result.rows;
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx: Queryable = {
        query: async <Row extends object>(sql: string, params: readonly unknown[] = []) =>
          (await client.query<Row>(sql, [...params])).rows,
      };
      const value = await work(tx);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
