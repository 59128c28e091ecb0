/**
 * Issue 22: an integrator's client generated from `/openapi.json` by a generator the project does
 * not otherwise use (@hey-api/openapi-ts with its fetch client; the page's client is
 * openapi-typescript + openapi-fetch) type-checks under strict TypeScript and does the work: signs
 * in, changes a password and verifies a pack, over HTTP against a listening test gateway.
 * Nothing generated is committed: the client is made from the live document in a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import request from 'supertest';
import ts from 'typescript';
import {
  EXPIRY,
  PASSWORD,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const ROOT = join(__dirname, '..', '..');
const GENERATOR = join(ROOT, 'node_modules', '@hey-api', 'openapi-ts', 'bin', 'run.js');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const GTIN = '09506000134352';
const LOT = 'GEN2';
const SERIAL = 'G2-1';

/**
 * What an integrator writes on top of the generated client. Every call and every field it reads
 * is typed by the generated code, so a route, body or answer that the document describes wrongly
 * fails the strict type-check before anything runs.
 */
const USAGE = `import { createClient } from './generated/client/index.js';
import { postAuthToken, postUsersByUsernamePassword, postVerify } from './generated/index.js';
import type { Verdict } from './generated/index.js';

export interface Flow {
  readonly adminSignIn: number;
  readonly passwordSetFor: string;
  readonly oldPasswordSignIn: number;
  readonly newPasswordSignIn: number;
  readonly verification: number;
  readonly verdict: Verdict['verdict'];
  readonly reasons: Verdict['reasons'][number]['code'][];
  readonly verifiedGtin: string;
  readonly packStatus: string | null;
}

/** The HTTP status, or 0 where no answer came (the client resolves network failures too). */
const status = (answer: { response?: Response }): number => answer.response?.status ?? 0;

async function signIn(baseUrl: string, username: string, password: string) {
  const client = createClient({ baseUrl });
  const answer = await postAuthToken({ client, body: { username, password } });
  return { status: status(answer), token: answer.data?.token };
}

/**
 * What the generated types must refuse: were they loose (an \`any\` somewhere), a directive below
 * would go unused and fail the check. Never called.
 */
export function misuses(): void {
  // @ts-expect-error -- the body is { password }; a misspelt member is refused
  void postUsersByUsernamePassword({ path: { username: 'x' }, body: { pasword: 'x' } });
  // @ts-expect-error -- the route's path needs the username
  void postUsersByUsernamePassword({ body: { password: 'night shift 22' } });
  // @ts-expect-error -- a verdict is one of those the document lists
  const verdict: Verdict['verdict'] = 'MAYBE';
  void verdict;
}

/** Signs the administrator in, gives a user a new password, and verifies a pack as that user. */
export async function run(
  baseUrl: string,
  admin: { username: string; password: string },
  user: { username: string; oldPassword: string; newPassword: string },
  code: string,
): Promise<Flow> {
  const adminSession = await signIn(baseUrl, admin.username, admin.password);
  if (adminSession.token === undefined) throw new Error('the administrator could not sign in');
  const changed = await postUsersByUsernamePassword({
    client: createClient({ baseUrl, auth: adminSession.token }),
    path: { username: user.username },
    body: { password: user.newPassword },
  });
  if (changed.data === undefined) throw new Error('the password was not set: ' + String(status(changed)));
  const old = await signIn(baseUrl, user.username, user.oldPassword);
  const renewed = await signIn(baseUrl, user.username, user.newPassword);
  if (renewed.token === undefined) throw new Error('the new password did not sign in');
  const verified = await postVerify({
    client: createClient({ baseUrl, auth: renewed.token }),
    body: { code },
  });
  if (verified.data === undefined) throw new Error('no verdict: ' + String(status(verified)));
  return {
    adminSignIn: adminSession.status,
    passwordSetFor: changed.data.username,
    oldPasswordSignIn: old.status,
    newPasswordSignIn: renewed.status,
    verification: status(verified),
    verdict: verified.data.verdict,
    reasons: verified.data.reasons.map((reason) => reason.code),
    verifiedGtin: verified.data.code.gtin,
    packStatus: verified.data.pack?.status ?? null,
  };
}
`;

/** The compiler settings the project holds itself to, on a CommonJS build of the scratch folder. */
const COMPILER_OPTIONS = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: false,
  target: 'es2022',
  module: 'commonjs',
  moduleResolution: 'node10',
  lib: ['es2022', 'dom'],
  types: ['node'],
  typeRoots: [join(ROOT, 'node_modules', '@types')],
  skipLibCheck: false,
  noEmit: true,
};

async function typeScriptFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Transpiles every file of `source` to CommonJS beside itself under `out`, as tsc would emit. */
async function transpileTree(source: string, out: string): Promise<void> {
  for (const file of await typeScriptFiles(source)) {
    const { outputText } = ts.transpileModule(await readFile(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    const target = join(out, relative(source, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, outputText);
  }
}

interface Flow {
  adminSignIn: number;
  passwordSetFor: string;
  oldPasswordSignIn: number;
  newPasswordSignIn: number;
  verification: number;
  verdict: string;
  reasons: string[];
  verifiedGtin: string;
  packStatus: string | null;
}

describe('a client made by a second OpenAPI generator (@hey-api/openapi-ts)', () => {
  let gw: TestGateway;
  let server: Server;
  let baseUrl: string;
  let scratch: string;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: LOT, expiry: EXPIRY, serials: [SERIAL] })
      .expect(201);
    server = createServer(gw.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    scratch = await mkdtemp(join(tmpdir(), 'packtrace-second-client-'));
  }, 120000);
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await gw.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  it('generates from the live document, type-checks strictly, and signs in, changes a password and verifies a pack', async () => {
    const document = (await request(gw.app).get('/openapi.json').expect(200)).body as object;
    await writeFile(join(scratch, 'openapi.json'), JSON.stringify(document));
    const source = join(scratch, 'src');
    execFileSync(
      process.execPath,
      [
        GENERATOR,
        '--input',
        join(scratch, 'openapi.json'),
        '--output',
        join(source, 'generated'),
        '--client',
        '@hey-api/client-fetch',
        '--silent',
        '--no-log-file',
      ],
      { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await writeFile(join(source, 'usage.ts'), USAGE);
    await writeFile(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: COMPILER_OPTIONS, include: ['src/**/*.ts'] }),
    );

    // The strict type-check of the generated client and its use; on failure, tsc's own report.
    let diagnostics = '';
    try {
      execFileSync(process.execPath, [TSC, '--project', join(scratch, 'tsconfig.json')], {
        cwd: scratch,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      diagnostics = String((error as { stdout?: Buffer }).stdout ?? error);
    }
    expect(diagnostics).toBe('');

    const out = join(scratch, 'out');
    await transpileTree(source, out);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the client compiled just now
    const usage = require(join(out, 'usage.js')) as {
      run: (
        baseUrl: string,
        admin: { username: string; password: string },
        user: { username: string; oldPassword: string; newPassword: string },
        code: string,
      ) => Promise<Flow>;
    };
    const flow = await usage.run(
      baseUrl,
      { username: 'manufacturer-admin', password: PASSWORD },
      { username: 'manufacturer', oldPassword: PASSWORD, newPassword: 'second generator 22' },
      `(01)${GTIN}(17)${EXPIRY}(10)${LOT}(21)${SERIAL}`,
    );
    expect(flow).toEqual({
      adminSignIn: 200,
      passwordSetFor: 'manufacturer',
      oldPasswordSignIn: 401,
      newPasswordSignIn: 200,
      verification: 200,
      // The manufacturer holds the pack it made: nothing stands against supplying it.
      verdict: 'AUTHENTIC_ACTIVE',
      reasons: [],
      verifiedGtin: GTIN,
      packStatus: 'active',
    });
  }, 180000);
});
