import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS, openDatabase, SignInFailures, type Database } from '@packtrace/store';
import { startPostgresServer, type PostgresServer } from '../../test/support/postgres-server';

const WINDOW_MS = 60_000;

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgresServer();
}, 60_000);
afterAll(async () => server?.stop());

describe('the gateway database on PostgreSQL', () => {
  const address = () => server.createDatabase();
  let open: Database[] = [];
  async function opened(url: string): Promise<Database> {
    const database = await openDatabase(url);
    open.push(database);
    return database;
  }
  afterEach(async () => {
    await Promise.all(open.map((database) => database.close()));
    open = [];
  });

  it('opens with every migration applied and recorded once', async () => {
    const database = await opened(await address());
    const applied = await database.query<{ name: string }>(
      'SELECT name FROM packtrace_migrations ORDER BY name',
    );
    expect(applied.map((row) => row.name)).toEqual(MIGRATIONS.map((step) => step.name));
    expect(await database.query('SELECT * FROM sign_in_failures')).toEqual([]);
  });

  it('rolls a failing transaction back, leaving nothing of it written', async () => {
    const database = await opened(await address());
    await expect(
      database.transaction(async (tx) => {
        await tx.query('INSERT INTO sign_in_failures (key, failures, ends_at) VALUES ($1, 1, 1)', [
          'half',
        ]);
        await tx.query('INSERT INTO sign_in_failures (key, failures, ends_at) VALUES ($1, 0, 1)', [
          'refused by the CHECK',
        ]);
      }),
    ).rejects.toThrow(/check constraint/);
    expect(await database.query('SELECT key FROM sign_in_failures')).toEqual([]);
  });

  it('counts failures within a window, and starts a new window once it ended', async () => {
    let now = Date.UTC(2030, 0, 1);
    const failures = new SignInFailures(await opened(await address()), () => now);
    expect(await failures.count('10.0.0.1\nalice', WINDOW_MS)).toBe(1);
    expect(await failures.count('10.0.0.1\nalice', WINDOW_MS)).toBe(2);
    expect(await failures.current('10.0.0.1\nalice')).toEqual({
      failures: 2,
      endsAt: now + WINDOW_MS,
    });
    expect(await failures.current('10.0.0.2\nalice')).toBeUndefined();
    now += WINDOW_MS;
    expect(await failures.current('10.0.0.1\nalice')).toBeUndefined();
    expect(await failures.count('10.0.0.1\nalice', WINDOW_MS)).toBe(1);
  });
});

describe('the gateway database shared by replicas (PostgreSQL)', () => {
  it('applies each migration once when two replicas open it at the same moment', async () => {
    const url = await server.createDatabase();
    const replicas = await Promise.all([openDatabase(url), openDatabase(url)]);
    try {
      const applied = await replicas[0].query<{ name: string }>(
        'SELECT name FROM packtrace_migrations',
      );
      expect(applied).toHaveLength(MIGRATIONS.length);
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });

  it('counts the failures two replicas record at once, every one of them', async () => {
    const url = await server.createDatabase();
    const [first, second] = await Promise.all([openDatabase(url), openDatabase(url)]);
    try {
      const now = () => Date.UTC(2030, 0, 1);
      const onFirst = new SignInFailures(first, now);
      const onSecond = new SignInFailures(second, now);
      await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          (n % 2 === 0 ? onFirst : onSecond).count('10.0.0.9', WINDOW_MS),
        ),
      );
      expect((await onSecond.current('10.0.0.9'))?.failures).toBe(20);
      expect((await onFirst.current('10.0.0.9'))?.failures).toBe(20);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});

/**
 * PGlite loads parts of itself with dynamic `import()`, which jest's module sandbox refuses: it is
 * run here as `npm start` runs it, in a Node.js process of its own, through the built package.
 */
function inNode(script: string, folder: string): Promise<unknown> {
  const store = join(__dirname, '..', 'dist', 'index.js');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        '-e',
        `const store = require(${JSON.stringify(store)}); (async () => { ${script} })().then((value) => process.stdout.write(JSON.stringify(value ?? null)), (error) => { console.error(error); process.exit(1); });`,
      ],
      { env: { ...process.env, FOLDER: folder }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as unknown);
      },
    );
  });
}

describe('the embedded database, PGlite (npm start)', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'packtrace-pglite-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('opens with every migration applied, rolls a failing transaction back and counts failures', async () => {
    const answer = await inNode(
      `const db = await store.openDatabase('pglite:memory');
       const applied = (await db.query('SELECT name FROM packtrace_migrations ORDER BY name')).map((row) => row.name);
       let refused = '';
       await db.transaction(async (tx) => {
         await tx.query("INSERT INTO sign_in_failures (key, failures, ends_at) VALUES ('half', 1, 1)");
         await tx.query("INSERT INTO sign_in_failures (key, failures, ends_at) VALUES ('bad', 0, 1)");
       }).catch((error) => { refused = error.message; });
       const left = await db.query('SELECT key FROM sign_in_failures');
       const failures = new store.SignInFailures(db, () => 1_000);
       await failures.count('10.0.0.1', 60_000);
       const counted = await failures.count('10.0.0.1', 60_000);
       await db.close();
       return { engine: db.engine, applied, refused, left, counted };`,
      folder,
    );
    expect(answer).toEqual({
      engine: 'pglite',
      applied: MIGRATIONS.map((step) => step.name),
      refused: expect.stringMatching(/check constraint/) as unknown,
      left: [],
      counted: 2,
    });
  });

  it('keeps what it holds in its folder across a restart of the gateway', async () => {
    const count = `const db = await store.openDatabase('pglite:' + process.env.FOLDER + '/database');
       const failures = await new store.SignInFailures(db, () => 1_000).count('10.0.0.3', 60_000);
       await db.close();
       return failures;`;
    expect(await inNode(count, folder)).toBe(1);
    expect(await inNode(count, folder)).toBe(2);
  });
});

describe('a database address', () => {
  it('naming no engine is refused with a sentence that does not repeat it', async () => {
    const refused = openDatabase('mysql://gateway:s3cret@db.example/packtrace');
    await expect(refused).rejects.toMatchObject({ code: 'INVALID_DATABASE_URL' });
    await expect(refused).rejects.not.toThrow(/s3cret/);
  });

  it('naming a server that is not there fails at open, with the driver’s error', async () => {
    await expect(openDatabase('postgres://packtrace@127.0.0.1:1/none')).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
