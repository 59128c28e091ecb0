import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { consortium } from '@packtrace/consortium';
import { expiryOfDate } from '@packtrace/gs1';
import {
  CONFIG_DEFAULTS,
  openEmbeddedGateway,
  openFabricGateway,
  type AssembledGateway,
  type CommissioningJobs,
  type GatewayOptions,
} from '@packtrace/gateway-api';
import type { FabricLedger, Ledger } from '@packtrace/ledger';
import { openSelectedGateway, regulatorIdentity } from '../../../test/support/selected-gateway';
import { testDatabaseUrl } from '../../../test/support/test-database';

export const PASSWORD = 'correct horse battery';

/** A batch expiry two years from today, so the suites hold whatever day they run. */
export const EXPIRY = expiryOfDate(new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000));

/**
 * A gateway in a temporary folder on the ledger `LEDGER` selects (the embedded one, or a fresh
 * channel of the running Fabric network), and signed-in tokens per demo user.
 */
export interface TestGateway {
  readonly app: Express;
  /** The operations listener's app (probes and /metrics). */
  readonly operations: Express;
  readonly jobs: CommissioningJobs;
  /** The users' administration, for an organisation operator's acts (`appoint`). */
  readonly accounts: AssembledGateway['accounts'];
  /** The ledger's CAs, for a suite acting as a compromised gateway would. */
  readonly issuer: AssembledGateway['issuer'];
  readonly ledger: Ledger;
  readonly dataDir: string;
  /** Its database (a schema of its own on the run's PostgreSQL server unless a suite gave one). */
  readonly databaseUrl: string;
  readonly tokens: Record<string, string>;
  readonly gln: Record<string, string>;
  height(): Promise<number>;
  /**
   * Closes this gateway, keeping its data folder and its ledger (the embedded one in that
   * folder, or the Fabric channel), and opens a new one on them, as a restarted server does.
   * This one must not be used afterwards.
   */
  restart(): Promise<TestGateway>;
  stop(): Promise<void>;
}

/**
 * Sign-ins per minute a test gateway allows: the configured limit on top of the demo users'
 * sign-ins that opening it makes, so a suite meets the limit as any client would.
 */
const SIGN_IN_RATE = consortium.users.length + CONFIG_DEFAULTS.signInRatePerMinute;

/** Settings a suite may give its gateway besides the sign-in rate. */
export type TestGatewayOptions = Pick<
  GatewayOptions,
  | 'eventStreamsPerUser'
  | 'eventStreamsTotal'
  | 'flagRatePerHour'
  | 'verifyRatePerMinute'
  | 'resolverCacheSeconds'
  | 'idempotencyWaitSeconds'
  | 'jobChunkSerials'
  | 'jobsPerParty'
  | 'printRunsPerParty'
  | 'printRunMaxLabels'
  | 'patientCheckRatePerMinute'
  | 'patientCheckReader'
  | 'patientCheckHomeCountry'
> & {
  /** Where the gateway logs (by default nowhere, or as GATEWAY_TEST_LOG says). */
  readonly log?: pino.Logger;
  /**
   * The gateway's database: by default a new schema on the run's PostgreSQL server; a suite
   * gives the same one to two gateways to make them replicas of one organisation's gateway.
   */
  readonly databaseUrl?: string;
};

/**
 * @param signInRatePerMinute for suites that sign in more often than a client may
 * @param options the limits and the logger, for suites about them (kept across restarts)
 */
export async function startGateway(
  signInRatePerMinute = SIGN_IN_RATE,
  options: TestGatewayOptions = {},
): Promise<TestGateway> {
  const dataDir = await mkdtemp(join(tmpdir(), 'packtrace-gateway-'));
  const { log = pino({ level: process.env['GATEWAY_TEST_LOG'] ?? 'silent' }), ...given } = options;
  // Kept across restarts, as a restarted server keeps its database.
  const limits = { ...given, databaseUrl: given.databaseUrl ?? (await testDatabaseUrl()) };
  return testGateway(
    await openSelectedGateway({ dataDir, password: PASSWORD, log, signInRatePerMinute, ...limits }),
    dataDir,
    log,
    signInRatePerMinute,
    limits,
  );
}

/** Signs every demo user in to a gateway opened on `dataDir`. */
async function testGateway(
  gateway: AssembledGateway,
  dataDir: string,
  log: pino.Logger,
  signInRatePerMinute: number,
  limits: Omit<TestGatewayOptions, 'log'> & { readonly databaseUrl: string },
): Promise<TestGateway> {
  const { app, operations, ledger, jobs, accounts, issuer, close } = gateway;
  const heightReader = ledger.session(await regulatorIdentity(gateway));
  const tokens: Record<string, string> = {};
  for (const user of consortium.users) {
    const response = await request(app)
      .post('/api/v1/auth/token')
      .send({ username: user.username, password: PASSWORD });
    tokens[user.username] = (response.body as { token: string }).token;
  }
  return {
    app,
    operations,
    jobs,
    accounts,
    issuer,
    ledger,
    dataDir,
    databaseUrl: limits.databaseUrl,
    tokens,
    gln: Object.fromEntries(consortium.users.map((user) => [user.username, user.party.gln])),
    height: () => heightReader.blockHeight(),
    restart: async () => {
      await close();
      const options = {
        ...limits,
        dataDir,
        password: PASSWORD,
        log,
        signInRatePerMinute,
        checkResponses: true,
      };
      return testGateway(
        ledger.kind === 'fabric'
          ? await openFabricGateway({ ...options, channel: (ledger as FabricLedger).channel })
          : await openEmbeddedGateway(options),
        dataDir,
        log,
        signInRatePerMinute,
        limits,
      );
    },
    stop: async () => {
      await close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A request as a demo user. */
export function as(gateway: TestGateway, username: string) {
  const auth = { Authorization: `Bearer ${gateway.tokens[username] ?? ''}` };
  return {
    get: (path: string) => request(gateway.app).get(`/api/v1${path}`).set(auth),
    post: (path: string, body?: object) =>
      request(gateway.app).post(`/api/v1${path}`).set(auth).send(body),
  };
}

/** Counts a batch's serials by walking every page. */
export async function countBatchPacks(
  gateway: TestGateway,
  gtin: string,
  lot: string,
): Promise<number> {
  let count = 0;
  let bookmark = '';
  do {
    const query = `pageSize=200${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`;
    const page = await as(gateway, 'manufacturer')
      .get(`/batches/${gtin}/${lot}/packs?${query}`)
      .expect(200);
    count += (page.body as { count: number }).count;
    bookmark = (page.body as { bookmark: string }).bookmark;
  } while (bookmark !== '');
  return count;
}

/** Registers GS1's example GTIN as the demo manufacturer's product. */
export async function registerProduct(gateway: TestGateway): Promise<void> {
  await as(gateway, 'manufacturer')
    .post('/products', {
      gtin: '09506000134352',
      name: 'P',
      form: 'tablet',
      strength: '1 mg',
      packSize: 10,
    })
    .expect(201);
}
