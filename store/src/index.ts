/**
 * `@packtrace/store`: the gateway's own state in one SQL dialect (issue 24). PostgreSQL for
 * deployments, PGlite for `npm start`; the schema migrated by umzug when a database is opened.
 */
export type { Database, DatabaseEngine, Queryable } from './database';
export { MIGRATIONS } from './migrations';
export { DatabaseUrlError, openDatabase } from './open-database';
export { SignInFailures } from './sign-in-failures';
