/** Jest's global tear-down: stops the run's PostgreSQL server and removes its folder. */
export default async function stopTestDatabaseServer(): Promise<void> {
  await globalThis.packtracePostgresServer?.stop();
  globalThis.packtracePostgresServer = undefined;
}
