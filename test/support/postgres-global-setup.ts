/**
 * Jest's global set-up: one PostgreSQL server for the whole run (each test gateway gets a
 * schema of its own on it, see test-database.ts), stopped by the global tear-down, and killed
 * with jest's process if that never runs.
 */
import { startPostgresServer, type PostgresServer } from './postgres-server';
import { TEST_DATABASE_VARIABLE } from './test-database';

declare global {
  // Read by postgres-global-teardown.ts, in the same process.
  var packtracePostgresServer: PostgresServer | undefined;
}

export default async function startTestDatabaseServer(): Promise<void> {
  const server = await startPostgresServer();
  globalThis.packtracePostgresServer = server;
  // Jest's workers start after this and inherit it.
  process.env[TEST_DATABASE_VARIABLE] = server.url;
}
