import { Umzug, type UmzugStorage } from 'umzug';
import type { Database, Queryable } from './database';

/** One step of the schema: statements run in order, in the transaction of every pending step. */
interface Migration {
  /** Never renamed once released: the name is what a database records as applied. */
  readonly name: string;
  readonly statements: readonly string[];
}

/** The schema, oldest step first. A released step is never edited; a change is a new step. */
export const MIGRATIONS: readonly Migration[] = [
  {
    name: '0001-sign-in-failures',
    statements: [
      // Failed sign-ins within fixed windows, by key (an account from an address, or an
      // address): every replica of a gateway counts the same failures (issue 24).
      `CREATE TABLE sign_in_failures (
         key text PRIMARY KEY,
         failures integer NOT NULL CHECK (failures > 0),
         ends_at bigint NOT NULL
       )`,
      'CREATE INDEX sign_in_failures_ends_at ON sign_in_failures (ends_at)',
    ],
  },
];

/** The table the applied steps are recorded in. */
const APPLIED_TABLE = 'packtrace_migrations';

/**
 * Any fixed number: the transaction-scoped advisory lock every replica takes before migrating,
 * so two replicas starting at once never both apply a step.
 */
const MIGRATION_LOCK = 7_243_001;

/** The applied steps, recorded in the same transaction as the steps themselves. */
function recordIn(): UmzugStorage<Queryable> {
  return {
    async executed({ context }) {
      const rows = await context.query<{ name: string }>(
        `SELECT name FROM ${APPLIED_TABLE} ORDER BY name`,
      );
      return rows.map((row) => row.name);
    },
    async logMigration({ name, context }) {
      await context.query(`INSERT INTO ${APPLIED_TABLE} (name, applied_at) VALUES ($1, now())`, [
        name,
      ]);
    },
    async unlogMigration({ name, context }) {
      await context.query(`DELETE FROM ${APPLIED_TABLE} WHERE name = $1`, [name]);
    },
  };
}

/**
 * Brings the schema up to date with umzug, every pending step in one transaction under an
 * advisory lock: a step that fails leaves the schema as it was, and replicas starting together
 * apply each step once. Answers the names of the steps applied now.
 *
 * @throws Error the failing statement's error; nothing of this run is applied
 */
export async function migrate(database: Database): Promise<string[]> {
  return database.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${APPLIED_TABLE} (
         name text PRIMARY KEY,
         applied_at timestamptz NOT NULL
       )`,
    );
    const umzug = new Umzug<Queryable>({
      migrations: MIGRATIONS.map((migration) => ({
        name: migration.name,
        up: async ({ context }) => {
          for (const statement of migration.statements) {
            await context.query(statement);
          }
        },
      })),
      context: tx,
      storage: recordIn(),
      logger: undefined,
    });
    const applied = await umzug.up();
    return applied.map((step) => step.name);
  });
}
