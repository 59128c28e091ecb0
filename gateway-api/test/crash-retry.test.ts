/**
 * The gateway killed (SIGKILL) between sending a dispense to the ledger and answering it, then
 * started again: the client's retry under the same Idempotency-Key must answer the dispense's
 * success exactly once on the ledger, never an error for a success, never a second dispense.
 * The gateway runs as the real server (gateway-api/dist/main.js, built by `tsc -b`, which
 * `npm test` runs first) on the ledger LEDGER selects.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { consortium } from '@packtrace/consortium';
import { networkUserIdentity, openNetworkChannel, seedConsortium } from '@packtrace/ledger';
import { createChannel } from '@packtrace/network';
import { EXPIRY, PASSWORD } from './support/test-gateway';
import { testDatabaseUrl } from '../../test/support/test-database';

const MAIN = resolve(__dirname, '..', 'dist', 'main.js');
const GTIN = '09506000134352';
const ON_FABRIC = process.env['LEDGER'] === 'fabric';
/** How long the restarted gateway waits for an unconfirmed transaction before running it again. */
const SETTLE_SECONDS = 10;
/** Milliseconds from the transaction id being recorded to the kill, one pack each. */
const KILL_DELAYS = [0, 10, 50, 200, 1_000];

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? done(address.port)
          : fail(new Error('no port')),
      );
    });
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The real gateway server as a child process, on one data folder (and channel) across restarts. */
class GatewayProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  readonly tokens: Record<string, string> = {};

  constructor(
    private readonly dataDir: string,
    private readonly port: number,
    private readonly channel: string | undefined,
    /** The server's database, kept across its restarts (PostgreSQL, as a deployment's). */
    private readonly databaseUrl: string,
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}/api/v1`;
  }

  /** Where the gateway keeps its Idempotency-Key records in this mode. */
  get idempotencyFile(): string {
    return join(this.dataDir, ...(ON_FABRIC ? ['fabric'] : []), 'idempotency.jsonl');
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        LEDGER: ON_FABRIC ? 'fabric' : 'embedded',
        DATA_DIR: this.dataDir,
        DATABASE_URL: this.databaseUrl,
        PORT: String(this.port),
        DEMO_PASSWORD: PASSWORD,
        LOG_LEVEL: 'warn',
        OUTCOME_SETTLE_SECONDS: String(SETTLE_SECONDS),
        ...(this.channel === undefined ? {} : { FABRIC_CHANNEL: this.channel }),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.child = child;
    this.exited = new Promise((done) => child.once('exit', () => done()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`the gateway exited at start: ${stderr}`);
      }
      try {
        if ((await fetch(`http://127.0.0.1:${this.port}/healthz`)).ok) {
          break;
        }
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        throw new Error(`the gateway did not start in 60 s: ${stderr}`);
      }
      await sleep(100);
    }
    for (const username of ['manufacturer', 'distributor', 'pharmacist']) {
      const response = await this.call('', 'POST', '/auth/token', { username, password: PASSWORD });
      this.tokens[username] = (response.body as { token: string }).token;
    }
  }

  kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    return this.exited;
  }

  async stop(): Promise<void> {
    this.child?.kill('SIGTERM');
    await this.exited;
  }

  async call(
    username: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown; headers: Headers }> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(username === '' ? {} : { Authorization: `Bearer ${this.tokens[username] ?? ''}` }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text === '' ? null : JSON.parse(text),
      headers: response.headers,
    };
  }

  async expect(
    status: number,
    username: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ) {
    const response = await this.call(username, method, path, body);
    if (response.status !== status) {
      throw new Error(
        `${method} ${path}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    return response.body as Record<string, unknown>;
  }
}

/** A fresh channel of the running network, seeded as the network seeds its own. */
async function freshChannel(): Promise<string> {
  const channel = `crash-${randomBytes(4).toString('hex')}`;
  await createChannel(channel);
  const ledger = openNetworkChannel(channel);
  try {
    await seedConsortium(ledger.session(await networkUserIdentity('regulator')), consortium);
  } finally {
    await ledger.close();
  }
  return channel;
}

/** Waits until the store holds a transaction id sent under `key`. */
async function transactionRecorded(file: string, key: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const sent = text
      .split('\n')
      .filter((line) => line.includes(`:${key}"`))
      .some((line) => /"txId":"[0-9a-f]{64}"/.test(line));
    if (sent) {
      return;
    }
    await sleep(2);
  }
  throw new Error(`no transaction was recorded under ${key}`);
}

describe('a dispense whose gateway is killed before it answers', () => {
  let dataDir: string;
  let gateway: GatewayProcess;
  const serials = KILL_DELAYS.map((_, index) => `CRASH${index}`);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'packtrace-crash-'));
    gateway = new GatewayProcess(
      dataDir,
      await freePort(),
      ON_FABRIC ? await freshChannel() : undefined,
      await testDatabaseUrl(),
    );
    await gateway.start();
    await gateway.expect(201, 'manufacturer', 'POST', '/products', {
      gtin: GTIN,
      name: 'Crash test tablets',
      form: 'tablet',
      strength: '1 mg',
      packSize: 10,
    });
    await gateway.expect(201, 'manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'CRASH',
      expiry: EXPIRY,
      serials,
    });
    const items = serials.map((serial) => ({ type: 'pack', gtin: GTIN, serial }));
    const glnOf = (username: string) =>
      consortium.users.find((user) => user.username === username)?.party.gln ?? '';
    for (const [from, to] of [
      ['manufacturer', 'distributor'],
      ['distributor', 'pharmacist'],
    ] as const) {
      const shipment = await gateway.expect(201, from, 'POST', '/shipments', {
        to: glnOf(to),
        items,
      });
      await gateway.expect(200, to, 'POST', `/shipments/${String(shipment['id'])}/receive`, {
        received: items,
      });
    }
  });

  afterAll(async () => {
    await gateway.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each(KILL_DELAYS.map((delay, index) => [delay, index]))(
    'answers the retry with the one dispense when killed %i ms after sending',
    async (delay, index) => {
      const serial = serials[index] ?? '';
      const key = `dispense-${serial}-${randomBytes(4).toString('hex')}`;
      const path = `/packs/${GTIN}/${serial}/dispense`;
      const first = gateway
        .call('pharmacist', 'POST', path, undefined, { 'Idempotency-Key': key })
        .catch(() => undefined);
      await transactionRecorded(gateway.idempotencyFile, key);
      await sleep(delay);
      await gateway.kill();
      await first;
      await gateway.start();

      // The client retries as told: after Retry-After while the first send is unsettled.
      let retry = await gateway.call('pharmacist', 'POST', path, undefined, {
        'Idempotency-Key': key,
      });
      const deadline = Date.now() + (SETTLE_SECONDS + 30) * 1000;
      while (
        retry.status === 409 &&
        (retry.body as { error: { code: string } }).error.code === 'OUTCOME_PENDING'
      ) {
        expect(Date.now()).toBeLessThan(deadline);
        await sleep(1000 * Number(retry.headers.get('retry-after') ?? '1'));
        retry = await gateway.call('pharmacist', 'POST', path, undefined, {
          'Idempotency-Key': key,
        });
      }
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({ gtin: GTIN, serial, status: 'inactive' });

      // Once on the ledger: one dispense in the pack's provenance; a further retry replays.
      const history = await gateway.expect(
        200,
        'pharmacist',
        'GET',
        `/packs/${GTIN}/${serial}/history`,
      );
      const actions = (history['events'] as { action: string }[]).map((event) => event.action);
      expect(actions.filter((action) => action === 'dispensed')).toHaveLength(1);
      const again = await gateway.call('pharmacist', 'POST', path, undefined, {
        'Idempotency-Key': key,
      });
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replay')).toBe('true');
      expect(again.body).toEqual(retry.body);
    },
  );
});
