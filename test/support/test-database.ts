import { randomBytes } from 'node:crypto';
import { runOnServer } from './postgres-server';

/** Set by jest's global set-up (test/support/postgres-global-setup.ts) for every test file. */
export const TEST_DATABASE_VARIABLE = 'PACKTRACE_TEST_DATABASE_URL';

/**
 * A database of a test gateway's own on the PostgreSQL server jest's global set-up started: a
 * new, empty schema on it, named in the address's `search_path`, so a gateway opening it
 * migrates its own tables and sees no other test's rows. (A schema costs milliseconds; a whole
 * database a few hundred.)
 */
export async function testDatabaseUrl(): Promise<string> {
  const server = process.env[TEST_DATABASE_VARIABLE];
  if (server === undefined || server === '') {
    throw new Error(
      `${TEST_DATABASE_VARIABLE} is not set: run the suites through jest.config.js, whose ` +
        'global set-up starts a PostgreSQL server (npm test installs one)',
    );
  }
  const schema = `gateway_${randomBytes(6).toString('hex')}`;
  await runOnServer(server, `CREATE SCHEMA ${schema}`);
  return `${server}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}
