import { join } from 'node:path';
import {
  openEmbeddedNetwork,
  openFabricNetwork,
  type FabricLedger,
  type EmbeddedLedger,
  type IdentityIssuer,
  type Ledger,
  type LedgerNetwork,
} from '@packtrace/ledger';
import { openDatabase, SignInFailures, type Database } from '@packtrace/store';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { TokenService } from './auth/token-service';
import { CommissioningJobs } from './batches/commissioning-jobs';
import { BulkJobs } from './bulk/bulk-jobs';
import { CaptureJobs } from './epcis/capture-jobs';
import { pageTokenKeyFrom } from './epcis/page-token';
import { createGatewayApp } from './gateway-app';
import type { PatientCheckServices } from './patient-check';
import { resolveSettings } from './config/gateway-config';
import { ACCESS_CHANGED } from './http/event-stream';
import { EventStreamRegistry } from './http/event-stream-registry';
import { GatewayMetrics } from './http/gateway-metrics';
import { IdempotencyStore } from './http/idempotency-store';
import { createOperationsApp } from './http/operations-app';
import { UserAdministration } from './identity/user-administration';
import { UserDirectory } from './identity/user-directory';
import { Wallet } from './identity/wallet';
import { PrintRuns } from './labels/print-runs';
import { UserSessions } from './ledger/user-sessions';
import { ProductLinksCache } from './resolver/product-links-cache';

/** A gateway ready to listen: its app and what must be closed with it. */
export interface AssembledGateway<L extends Ledger = Ledger> {
  readonly app: Express;
  /** The operations listener's app: probes and `/metrics` (see createOperationsApp). */
  readonly operations: Express;
  readonly ledger: L;
  readonly users: UserDirectory;
  /**
   * The users' administration; its `appoint` is the organisation operator's, for the tooling on
   * the gateway's host (never an HTTP route): a company administrator for a newly joined party.
   */
  readonly accounts: UserAdministration;
  /** Who the users' certificates come from (the ledger's CAs), as the accounts use it. */
  readonly issuer: IdentityIssuer;
  readonly jobs: CommissioningJobs;
  /**
   * Ends every open event stream; a stopping server calls it first, since an open stream
   * would keep its connection, and the server, from closing.
   */
  endStreams: () => void;
  /** Ends the event streams, waits for running jobs, then closes the ledger. */
  close: () => Promise<void>;
}

/** The patient check's settings (see `PatientCheckServices`). */
type PatientCheckOptions = Pick<
  PatientCheckServices,
  'patientCheckReader' | 'patientCheckRatePerMinute' | 'patientCheckHomeCountry'
>;

/** What the gateway keeps in its data folder and its database, and how it logs. */
export interface GatewayOptions extends PatientCheckOptions {
  readonly dataDir: string;
  /**
   * The gateway's database (see `GatewayConfig.databaseUrl`): a PostgreSQL server every replica
   * of the organisation's gateway shares, or PGlite for one process. Never logged.
   */
  readonly databaseUrl: string;
  readonly log: Logger;
  readonly webDir?: string;
  /** See `GatewayConfig.resolverBaseUrl`; absent: each request's own origin. */
  readonly resolverBaseUrl?: string;
  readonly verifyRatePerMinute?: number;
  /** See `GatewayConfig.resolverCacheSeconds`. */
  readonly resolverCacheSeconds?: number;
  readonly signInRatePerMinute?: number;
  /** See `GatewayConfig.flagRatePerHour`. */
  readonly flagRatePerHour?: number;
  /** See `GatewayConfig.outcomeSettleSeconds`. */
  readonly outcomeSettleSeconds?: number;
  /** See `GatewayConfig.eventStreamsPerUser` and `eventStreamsTotal`. */
  readonly eventStreamsPerUser?: number;
  readonly eventStreamsTotal?: number;
  /** See `RouteServices.checkResponses` (the test gateways turn it on). */
  readonly checkResponses?: boolean;
  /** See `GatewayConfig.idempotencyWaitSeconds`. */
  readonly idempotencyWaitSeconds?: number;
  /** See `GatewayConfig.jobChunkSerials`. */
  readonly jobChunkSerials?: number;
  /** See `GatewayConfig.jobsPerParty`. */
  readonly jobsPerParty?: number;
  /** See `GatewayConfig.printRunsPerParty`. */
  readonly printRunsPerParty?: number;
  /** See `GatewayConfig.printRunMaxLabels`. */
  readonly printRunMaxLabels?: number;
}

/** The users' directory and wallets kept in the data folder. */
export function openUsers(dataDir: string): Promise<UserDirectory> {
  return UserDirectory.open(dataDir, new Wallet(join(dataDir, 'wallet')));
}

/**
 * Builds the gateway around a ledger backend: resumes interrupted commissioning jobs, opens the
 * idempotency store and the token key, and creates the app. The one place a gateway is put
 * together, for the server and the tests alike.
 */
export async function assembleGateway<L extends Ledger>(
  { ledger, issuer }: LedgerNetwork<L>,
  users: UserDirectory,
  options: GatewayOptions,
): Promise<AssembledGateway<L>> {
  // The one place the settings passed in code get their defaults.
  const settings = resolveSettings(options);
  let database: Database;
  try {
    database = await openDatabase(options.databaseUrl);
  } catch (error) {
    await ledger.close();
    throw error;
  }
  options.log.info({ database: database.engine }, 'gateway database open, schema up to date');
  const sessions = new UserSessions(ledger, users);
  const eventStreams = new EventStreamRegistry({
    perUser: settings.eventStreamsPerUser,
    total: settings.eventStreamsTotal,
  });
  sessions.onDrop((username) => eventStreams.endFor(username, ACCESS_CHANGED));
  // Before the jobs: their submits are timed with every other ledger call.
  const metrics = new GatewayMetrics();
  const jobs = new CommissioningJobs(join(options.dataDir, 'jobs'), sessions, users, options.log, {
    metrics,
    chunkSerials: settings.jobChunkSerials,
    perParty: settings.jobsPerParty,
  });
  await jobs.resume();
  const bulkJobs = new BulkJobs(join(options.dataDir, 'bulk-jobs'), sessions, users, options.log, {
    metrics,
  });
  await bulkJobs.resume();
  const tokenKeyFile = join(options.dataDir, 'token-key');
  // Opening the token service creates the key file the page-token key is derived from.
  const tokens = await TokenService.open(tokenKeyFile);
  const accounts = new UserAdministration(users, issuer, sessions, options.log);
  const app = createGatewayApp({
    sessions,
    users,
    jobs,
    bulkJobs,
    eventStreams,
    accounts,
    idempotency: await IdempotencyStore.open(
      join(options.dataDir, 'idempotency.jsonl'),
      Date.now,
      1000 * settings.idempotencyWaitSeconds,
    ),
    printRuns: new PrintRuns({
      perParty: settings.printRunsPerParty,
      maxLabels: settings.printRunMaxLabels,
    }),
    metrics,
    epcis: { captures: new CaptureJobs(), pageTokenKey: await pageTokenKeyFrom(tokenKeyFile) },
    tokens,
    log: options.log,
    ...(options.webDir === undefined ? {} : { webDir: options.webDir }),
    ...(options.resolverBaseUrl === undefined ? {} : { resolverBaseUrl: options.resolverBaseUrl }),
    verifyRatePerMinute: settings.verifyRatePerMinute,
    productLinks: new ProductLinksCache(1000 * settings.resolverCacheSeconds),
    signInRatePerMinute: settings.signInRatePerMinute,
    signInFailures: new SignInFailures(database),
    flagRatePerHour: settings.flagRatePerHour,
    ...(options.checkResponses === true ? { checkResponses: true } : {}),
    outcomeSettleSeconds: settings.outcomeSettleSeconds,
    ...patientCheckOptions(options),
  });
  return {
    app,
    operations: createOperationsApp({ sessions, metrics }),
    ledger,
    users,
    accounts,
    issuer,
    jobs,
    endStreams: () => eventStreams.endAll(),
    close: async () => {
      eventStreams.endAll();
      await jobs.idle();
      await bulkJobs.idle();
      await ledger.close();
      await database.close();
    },
  };
}

/**
 * A gateway on a channel of the project's Fabric network, its users from the Fabric CAs; with
 * `organisation`, that organisation's gateway only (see `GatewayConfig.fabricOrganisation`).
 */
export async function openFabricGateway(
  options: GatewayOptions & {
    readonly password: string;
    readonly channel?: string;
    readonly organisation?: string;
  },
): Promise<AssembledGateway<FabricLedger>> {
  const users = await openUsers(options.dataDir);
  const network = await openFabricNetwork(options.password, users, options.channel, {
    organisation: options.organisation,
  });
  return assembleGateway(network, users, options);
}

/** A gateway on the embedded ledger, with the demo network set up on first start. */
export async function openEmbeddedGateway(
  options: GatewayOptions & { readonly password: string },
): Promise<AssembledGateway<EmbeddedLedger>> {
  const users = await openUsers(options.dataDir);
  const network = await openEmbeddedNetwork(options.dataDir, options.password, users);
  return assembleGateway(network, users, options);
}

/** The patient check's settings that were given (exact optional properties: no undefined). */
function patientCheckOptions(options: PatientCheckOptions): PatientCheckOptions {
  return {
    ...(options.patientCheckReader === undefined
      ? {}
      : { patientCheckReader: options.patientCheckReader }),
    ...(options.patientCheckRatePerMinute === undefined
      ? {}
      : { patientCheckRatePerMinute: options.patientCheckRatePerMinute }),
    ...(options.patientCheckHomeCountry === undefined
      ? {}
      : { patientCheckHomeCountry: options.patientCheckHomeCountry }),
  };
}
