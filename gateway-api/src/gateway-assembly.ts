import { join } from 'node:path';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { TokenService } from './auth/token-service';
import { CommissioningJobs } from './batches/commissioning-jobs';
import { createGatewayApp } from './gateway-app';
import { GatewayMetrics } from './http/gateway-metrics';
import { IdempotencyStore } from './http/idempotency-store';
import { openEmbeddedNetwork } from './identity/embedded-network';
import { UserDirectory } from './identity/user-directory';
import { Wallet } from './identity/wallet';
import type { EmbeddedBackend } from './ledger/embedded-backend';
import type { LedgerBackend } from './ledger/ledger-backend';

/** A gateway ready to listen: its app and what must be closed with it. */
export interface AssembledGateway<Backend extends LedgerBackend = LedgerBackend> {
  readonly app: Express;
  readonly backend: Backend;
  readonly users: UserDirectory;
  readonly jobs: CommissioningJobs;
  /** Waits for running jobs, then closes the ledger. */
  close: () => Promise<void>;
}

/** What the gateway keeps in its data folder, and how it logs. */
export interface GatewayOptions {
  readonly dataDir: string;
  readonly log: Logger;
  readonly webDir?: string;
  readonly verifyRatePerMinute?: number;
  readonly signInRatePerMinute?: number;
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
export async function assembleGateway<Backend extends LedgerBackend>(
  backend: Backend,
  users: UserDirectory,
  options: GatewayOptions,
): Promise<AssembledGateway<Backend>> {
  const jobs = new CommissioningJobs(join(options.dataDir, 'jobs'), backend, users, options.log);
  await jobs.resume();
  const app = createGatewayApp({
    backend,
    users,
    jobs,
    idempotency: await IdempotencyStore.open(join(options.dataDir, 'idempotency.jsonl')),
    metrics: new GatewayMetrics(),
    tokens: await TokenService.open(join(options.dataDir, 'token-key')),
    log: options.log,
    ...(options.webDir === undefined ? {} : { webDir: options.webDir }),
    ...(options.verifyRatePerMinute === undefined
      ? {}
      : { verifyRatePerMinute: options.verifyRatePerMinute }),
    ...(options.signInRatePerMinute === undefined
      ? {}
      : { signInRatePerMinute: options.signInRatePerMinute }),
  });
  return {
    app,
    backend,
    users,
    jobs,
    close: async () => {
      await jobs.idle();
      await backend.close();
    },
  };
}

/** A gateway on the in-process ledger, with the demo network set up on first start. */
export async function openEmbeddedGateway(
  options: GatewayOptions & { readonly password: string },
): Promise<AssembledGateway<EmbeddedBackend>> {
  const users = await openUsers(options.dataDir);
  const backend = await openEmbeddedNetwork(options.dataDir, options.password, users);
  return assembleGateway(backend, users, options);
}
