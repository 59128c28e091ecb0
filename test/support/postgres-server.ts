import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A PostgreSQL server of a test's own, from Debian's package (scripts/install-postgres.sh). */
export interface PostgresServer {
  /** The server's `postgres` database, as its superuser `packtrace`. */
  readonly url: string;
  /** Makes a new, empty database and answers its address. */
  createDatabase(): Promise<string>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** Runs one statement on a server with a connection of its own (DDL a test sets up with). */
export async function runOnServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The newest installed PostgreSQL's programs (Debian keeps them per major version). */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((entry) => existsSync(join(root, entry, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const [newest] = versions;
  if (newest === undefined) {
    throw new Error(
      'PostgreSQL is not installed: run `bash scripts/install-postgres.sh` (npm test does)',
    );
  }
  return join(root, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no port'));
        else resolve(address.port);
      });
    });
  });
}

/**
 * PostgreSQL refuses to run as root: as root (CI), the server runs as Debian's `postgres` user,
 * which owns its folder.
 */
function asServerUser(): { prefix: string[]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) {
    return { prefix: [] };
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return {
    prefix: ['setpriv', '--reuid', 'postgres', '--regid', 'postgres', '--clear-groups'],
    uid,
    gid,
  };
}

async function waitAccepting(url: string, server: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) {
      throw new Error(`PostgreSQL exited (${server.exitCode}) at start; its log: ${log}`);
    }
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        throw new Error(`PostgreSQL did not accept connections within 30 s; its log: ${log}`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Starts a PostgreSQL server in a temporary folder, listening on 127.0.0.1 on a free port
 * (durability settings off: a test's data need not survive a crash of the machine). The server
 * is killed when this process exits, also on a failure.
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = binDir();
  const user = asServerUser();
  const folder = mkdtempSync(join(tmpdir(), 'packtrace-postgres-'));
  if (user.uid !== undefined && user.gid !== undefined) {
    chownSync(folder, user.uid, user.gid);
  }
  const run = (program: string, args: string[]): string[] => [
    ...user.prefix,
    join(bin, program),
    ...args,
  ];
  const data = join(folder, 'data');
  const [initCommand = '', ...initArgs] = run('initdb', [
    '-D',
    data,
    '-U',
    'packtrace',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  execFileSync(initCommand, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  const log = join(folder, 'postgres.log');
  const out = openSync(log, 'a');
  if (user.uid !== undefined && user.gid !== undefined) {
    chownSync(log, user.uid, user.gid);
  }
  const [command = '', ...args] = run('postgres', [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    folder,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
  ]);
  const server = spawn(command, args, { stdio: ['ignore', out, out] });
  const killOnExit = (): void => {
    server.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const url = `postgres://packtrace@127.0.0.1:${port}/postgres`;
  let databases = 0;
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      // Fast shutdown: open connections are ended, nothing waits for them.
      server.kill('SIGINT');
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await waitAccepting(url, server, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    stop,
    async createDatabase() {
      databases += 1;
      const name = `test_${databases}`;
      await runOnServer(url, `CREATE DATABASE ${name}`);
      return `postgres://packtrace@127.0.0.1:${port}/${name}`;
    },
  };
}
