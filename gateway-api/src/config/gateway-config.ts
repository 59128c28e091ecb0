import { resolve } from 'node:path';
import { MAX_SERIALS_PER_CALL } from '@packtrace/chaincode/client';
import { consortium } from '@packtrace/consortium';
import { DEFAULT_DEADLINES } from '@packtrace/ledger';
import { z } from 'zod';
import { PATIENT_CHECK_RATE_PER_MINUTE } from '../patient-check/patient-check-router';
import { Fields } from '../schemas/field-schemas';

/** Defaults of the settings that have one; each lives here and nowhere else. */
export const CONFIG_DEFAULTS = {
  ledger: 'embedded',
  port: 3000,
  host: '127.0.0.1',
  /**
   * The operations listener (probes and /metrics): loopback only unless OPS_HOST says otherwise,
   * whatever HOST the API listens on; 9464 is the port Prometheus exporters conventionally use.
   */
  opsHost: '127.0.0.1',
  opsPort: 9464,
  dataDir: '.data',
  /**
   * Without DATABASE_URL, the gateway's database is PGlite in this folder of the gateway's data
   * folder: one process, nothing to install (`npm start`).
   */
  databaseFolder: 'database',
  /** The gateway and the page ship together: by default, the page built beside this package. */
  webDir: resolve(__dirname, '..', '..', '..', 'scanner-web', 'dist'),
  verifyRatePerMinute: 300,
  signInRatePerMinute: 10,
  /**
   * Seconds the resolver and the patient check keep a product's links read from the ledger
   * (resolver/product-links-cache.ts): a product's new links show in every gateway's resolver
   * within this time, in the gateway that wrote them at once.
   */
  resolverCacheSeconds: 30,
  /**
   * Flags (POST /alerts) one party may raise per hour, over all its users: a person flags a
   * suspect pack by hand; a scripted flood of invented serials is what this stops.
   */
  flagRatePerHour: 60,
  logLevel: 'info',
  /** Event streams one user may hold open at once (a browser tab holds one). */
  eventStreamsPerUser: 5,
  /** Event streams the gateway serves at once, over all users. */
  eventStreamsTotal: 200,
  /**
   * A transaction recorded but not on the ledger can still commit until its endorsement,
   * ordering and commit deadlines have all passed; only then may a retry run it again.
   */
  outcomeSettleSeconds:
    (DEFAULT_DEADLINES.endorse + DEFAULT_DEADLINES.submit + DEFAULT_DEADLINES.commitStatus) / 1000,
  /**
   * How long a request under an Idempotency-Key waits for another attempt of it, sent at the
   * same moment, to finish (then replays its answer) before it is told to retry: long enough
   * for an ordinary write on Fabric, short enough for a client's own timeout.
   */
  idempotencyWaitSeconds: 30,
  /** Serials per transaction of a commissioning job: as many as one transaction may carry. */
  jobChunkSerials: MAX_SERIALS_PER_CALL,
  /**
   * Commissioning jobs (up to a million serials each) one party may have running at once, over
   * all its users: one production line's batch and the next, without one party filling the
   * ledger's capacity for every other.
   */
  jobsPerParty: 2,
  /** Print runs one party may have running at once, over all its users (each costs a core). */
  printRunsPerParty: 2,
  /**
   * The most labels one print run may hold: a large production lot in one document (about two
   * CPU-minutes); more is printed in parts with `from` and `to`.
   */
  printRunMaxLabels: 100_000,
} as const;

const schema = z.object({
  LEDGER: z.enum(['fabric', 'embedded']).default(CONFIG_DEFAULTS.ledger),
  PORT: z.coerce.number().int().min(1).max(65535).default(CONFIG_DEFAULTS.port),
  HOST: z.string().min(1).default(CONFIG_DEFAULTS.host),
  // No default here: unset, the gateway's own listener address (see loadConfig).
  RESOLVER_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  OPS_HOST: z.string().min(1).default(CONFIG_DEFAULTS.opsHost),
  OPS_PORT: z.coerce.number().int().min(1).max(65535).default(CONFIG_DEFAULTS.opsPort),
  // No default: without both files the gateway serves plain HTTP.
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  DEMO_PASSWORD: Fields.password.optional(),
  DATA_DIR: z.string().min(1).optional(),
  // No default here: unset, PGlite in the gateway's data folder (see main.ts). The message never
  // repeats the value: it may hold a password.
  DATABASE_URL: z
    .string()
    .regex(
      /^(postgres(ql)?:\/\/\S+|pglite:\S+)$/,
      'must be postgres://user:password@host:port/database (PostgreSQL) or pglite:<folder> (PGlite)',
    )
    .optional(),
  FABRIC_CHANNEL: z
    .string()
    .regex(/^[a-z][a-z0-9.-]{0,48}$/, 'FABRIC_CHANNEL must be a channel name: [a-z][a-z0-9.-]*')
    .optional(),
  FABRIC_ORGANISATION: z
    .string()
    .refine((key) => consortium.organisations.some((org) => org.key === key), {
      message: `FABRIC_ORGANISATION must be an organisation of consortium.json: ${consortium.organisations
        .map((org) => org.key)
        .join(', ')}`,
    })
    .optional(),
  WEB_DIR: z.string().min(1).optional(),
  VERIFY_RATE_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(CONFIG_DEFAULTS.verifyRatePerMinute),
  RESOLVER_CACHE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(300)
    .default(CONFIG_DEFAULTS.resolverCacheSeconds),
  PATIENT_CHECK_RATE_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(PATIENT_CHECK_RATE_PER_MINUTE),
  PATIENT_CHECK_READER: z.string().min(1).optional(),
  PATIENT_CHECK_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 country code, e.g. GB')
    .optional(),
  SIGN_IN_RATE_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(CONFIG_DEFAULTS.signInRatePerMinute),
  FLAG_RATE_PER_HOUR: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(CONFIG_DEFAULTS.flagRatePerHour),
  OUTCOME_SETTLE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(CONFIG_DEFAULTS.outcomeSettleSeconds),
  EVENT_STREAMS_PER_USER: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(CONFIG_DEFAULTS.eventStreamsPerUser),
  EVENT_STREAMS_TOTAL: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(CONFIG_DEFAULTS.eventStreamsTotal),
  IDEMPOTENCY_WAIT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(CONFIG_DEFAULTS.idempotencyWaitSeconds),
  JOB_CHUNK_SERIALS: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_SERIALS_PER_CALL)
    .default(CONFIG_DEFAULTS.jobChunkSerials),
  JOBS_PER_PARTY: z.coerce.number().int().min(1).max(1000).default(CONFIG_DEFAULTS.jobsPerParty),
  PRINT_RUNS_PER_PARTY: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(CONFIG_DEFAULTS.printRunsPerParty),
  PRINT_RUN_MAX_LABELS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .default(CONFIG_DEFAULTS.printRunMaxLabels),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default(CONFIG_DEFAULTS.logLevel),
});

/** Everything the gateway reads from its environment, validated once at start-up. */
export interface GatewayConfig {
  /** Which ledger serves requests: a Fabric network, or the embedded (in-process) ledger. */
  readonly ledger: 'fabric' | 'embedded';
  readonly port: number;
  readonly host: string;
  /**
   * The consortium resolver printed in QR labels and named by the resolver's answers
   * (`RESOLVER_BASE_URL`); unset, the gateway's own address: http(s)://HOST:PORT, https when TLS
   * is configured, `localhost` for a HOST of 0.0.0.0. An operator behind a proxy sets it.
   */
  readonly resolverBaseUrl: string;
  /** Patient checks per client address per minute (`PATIENT_CHECK_RATE_PER_MINUTE`, 30). */
  readonly patientCheckRatePerMinute: number;
  /**
   * The gateway account that reads the ledger for patients and the resolver
   * (`PATIENT_CHECK_READER`; unset: see patient-check/patient-check-reader.ts).
   */
  readonly patientCheckReader: string | undefined;
  /** The country this gateway's packs are sold in (`PATIENT_CHECK_COUNTRY`): others stand out. */
  readonly patientCheckHomeCountry: string | undefined;
  /** Where the operations listener (probes and /metrics) listens. */
  readonly opsPort: number;
  readonly opsHost: string;
  /**
   * PEM certificate (chain) and private key files to serve HTTPS with; both or neither
   * (undefined: plain HTTP). Read and checked at start-up by readTlsCredentials.
   */
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  /** The demo users' password; undefined means generate one and print it. */
  readonly demoPassword: string | undefined;
  /** The Fabric channel served; undefined means the consortium's own. */
  readonly fabricChannel: string | undefined;
  /**
   * The one organisation (consortium key) a Fabric gateway serves: it connects through that
   * organisation's peer, knows only its users, enrols only at its CA and opens no other
   * organisation's files. Undefined: every organisation whose material is on this machine (the
   * one-machine network's convenience).
   */
  readonly fabricOrganisation: string | undefined;
  /** Where the gateway keeps the embedded ledger, wallets, users and its token key. */
  readonly dataDir: string;
  /**
   * The gateway's database (`DATABASE_URL`): a PostgreSQL server shared by every replica of the
   * organisation's gateway; undefined: PGlite in the gateway's data folder (one process).
   */
  readonly databaseUrl: string | undefined;
  readonly logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** The built scanner page the gateway serves at `/`. */
  readonly webDir: string;
  /** Verifications and recorded scans one user may make per minute. */
  readonly verifyRatePerMinute: number;
  /** Seconds the resolver keeps a product's links (`RESOLVER_CACHE_SECONDS`, 0 to 300; 0: none). */
  readonly resolverCacheSeconds: number;
  /** Sign-in attempts one address may make per minute. */
  readonly signInRatePerMinute: number;
  /** Flags (POST /alerts) one party may raise per hour, over all its users. */
  readonly flagRatePerHour: number;
  /**
   * Seconds after it was recorded that a transaction not on the ledger is taken as never to
   * commit, so that a retry under the same Idempotency-Key runs the request again.
   */
  readonly outcomeSettleSeconds: number;
  /** Event streams (GET /api/v1/events) one user may hold open at once. */
  readonly eventStreamsPerUser: number;
  /** Event streams the gateway serves at once. */
  readonly eventStreamsTotal: number;
  /**
   * Seconds a request under an Idempotency-Key waits for another attempt of it running at the
   * same moment before it is answered 409 REQUEST_IN_PROGRESS.
   */
  readonly idempotencyWaitSeconds: number;
  /** Serials per transaction of a commissioning job (at most what one transaction carries). */
  readonly jobChunkSerials: number;
  /** Commissioning jobs one party may have running at once, over all its users. */
  readonly jobsPerParty: number;
  /** Print runs one party may have running at once, over all its users. */
  readonly printRunsPerParty: number;
  /** The most labels one print run may hold. */
  readonly printRunMaxLabels: number;
}

/**
 * The limits and timings a gateway runs with: what `loadConfig` reads from the environment, and
 * what a test gateway may set instead of the defaults.
 */
export type GatewaySettings = Pick<
  GatewayConfig,
  | 'verifyRatePerMinute'
  | 'resolverCacheSeconds'
  | 'signInRatePerMinute'
  | 'flagRatePerHour'
  | 'outcomeSettleSeconds'
  | 'eventStreamsPerUser'
  | 'eventStreamsTotal'
  | 'idempotencyWaitSeconds'
  | 'jobChunkSerials'
  | 'jobsPerParty'
  | 'printRunsPerParty'
  | 'printRunMaxLabels'
>;

/**
 * Settings with every one left unset taken from CONFIG_DEFAULTS: the one function that applies
 * the defaults to settings given in code (the environment's are applied by `loadConfig`'s
 * schema), so a service receives numbers, never a setting to default again.
 */
export function resolveSettings(given: Partial<GatewaySettings>): GatewaySettings {
  return {
    verifyRatePerMinute: given.verifyRatePerMinute ?? CONFIG_DEFAULTS.verifyRatePerMinute,
    resolverCacheSeconds: given.resolverCacheSeconds ?? CONFIG_DEFAULTS.resolverCacheSeconds,
    signInRatePerMinute: given.signInRatePerMinute ?? CONFIG_DEFAULTS.signInRatePerMinute,
    flagRatePerHour: given.flagRatePerHour ?? CONFIG_DEFAULTS.flagRatePerHour,
    outcomeSettleSeconds: given.outcomeSettleSeconds ?? CONFIG_DEFAULTS.outcomeSettleSeconds,
    eventStreamsPerUser: given.eventStreamsPerUser ?? CONFIG_DEFAULTS.eventStreamsPerUser,
    eventStreamsTotal: given.eventStreamsTotal ?? CONFIG_DEFAULTS.eventStreamsTotal,
    idempotencyWaitSeconds: given.idempotencyWaitSeconds ?? CONFIG_DEFAULTS.idempotencyWaitSeconds,
    jobChunkSerials: given.jobChunkSerials ?? CONFIG_DEFAULTS.jobChunkSerials,
    jobsPerParty: given.jobsPerParty ?? CONFIG_DEFAULTS.jobsPerParty,
    printRunsPerParty: given.printRunsPerParty ?? CONFIG_DEFAULTS.printRunsPerParty,
    printRunMaxLabels: given.printRunMaxLabels ?? CONFIG_DEFAULTS.printRunMaxLabels,
  };
}

/** A configuration the gateway cannot start with; the message lists every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const value = parsed.data;
  if ((value.TLS_CERT_FILE === undefined) !== (value.TLS_KEY_FILE === undefined)) {
    throw new ConfigError(
      'invalid configuration:\n  TLS_CERT_FILE and TLS_KEY_FILE: give both (HTTPS) or neither (HTTP)',
    );
  }
  if (value.FABRIC_ORGANISATION !== undefined && value.LEDGER !== 'fabric') {
    throw new ConfigError(
      "invalid configuration:\n  FABRIC_ORGANISATION: applies to LEDGER=fabric only (the embedded ledger is one operator's)",
    );
  }
  if (value.OPS_PORT === value.PORT) {
    throw new ConfigError(
      'invalid configuration:\n  OPS_PORT: the operations listener needs a port of its own',
    );
  }
  return {
    ledger: value.LEDGER,
    port: value.PORT,
    host: value.HOST,
    resolverBaseUrl: (
      value.RESOLVER_BASE_URL ??
      `${value.TLS_CERT_FILE === undefined || value.TLS_KEY_FILE === undefined ? 'http' : 'https'}://${
        value.HOST === '0.0.0.0' || value.HOST === '::' ? 'localhost' : value.HOST
      }:${value.PORT}`
    ).replace(/\/+$/, ''),
    patientCheckRatePerMinute: value.PATIENT_CHECK_RATE_PER_MINUTE,
    patientCheckReader: value.PATIENT_CHECK_READER,
    patientCheckHomeCountry: value.PATIENT_CHECK_COUNTRY,
    opsPort: value.OPS_PORT,
    opsHost: value.OPS_HOST,
    tls:
      value.TLS_CERT_FILE === undefined || value.TLS_KEY_FILE === undefined
        ? undefined
        : { certFile: resolve(value.TLS_CERT_FILE), keyFile: resolve(value.TLS_KEY_FILE) },
    demoPassword: value.DEMO_PASSWORD,
    fabricChannel: value.FABRIC_CHANNEL,
    fabricOrganisation: value.FABRIC_ORGANISATION,
    dataDir: resolve(value.DATA_DIR ?? CONFIG_DEFAULTS.dataDir),
    databaseUrl: value.DATABASE_URL,
    logLevel: value.LOG_LEVEL,
    verifyRatePerMinute: value.VERIFY_RATE_PER_MINUTE,
    resolverCacheSeconds: value.RESOLVER_CACHE_SECONDS,
    signInRatePerMinute: value.SIGN_IN_RATE_PER_MINUTE,
    flagRatePerHour: value.FLAG_RATE_PER_HOUR,
    outcomeSettleSeconds: value.OUTCOME_SETTLE_SECONDS,
    eventStreamsPerUser: value.EVENT_STREAMS_PER_USER,
    eventStreamsTotal: value.EVENT_STREAMS_TOTAL,
    idempotencyWaitSeconds: value.IDEMPOTENCY_WAIT_SECONDS,
    jobChunkSerials: value.JOB_CHUNK_SERIALS,
    jobsPerParty: value.JOBS_PER_PARTY,
    printRunsPerParty: value.PRINT_RUNS_PER_PARTY,
    printRunMaxLabels: value.PRINT_RUN_MAX_LABELS,
    webDir: resolve(value.WEB_DIR ?? CONFIG_DEFAULTS.webDir),
  };
}
