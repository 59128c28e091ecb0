/**
 * The gateway API: an Express app over the pack ledger.
 *
 * @packageDocumentation
 */
export { createGatewayApp, type GatewayServices } from './gateway-app';
export {
  assembleGateway,
  openEmbeddedGateway,
  openUsers,
  type AssembledGateway,
  type GatewayOptions,
} from './gateway-assembly';
export type { EmbeddedBackend } from './ledger/embedded-backend';
export { loadConfig, ConfigError, type GatewayConfig } from './config/gateway-config';
export { TokenService } from './auth/token-service';
export { CommissioningJobs, type CommissioningJob } from './batches/commissioning-jobs';
export { generateSerials } from './batches/serial-generator';
export { GatewayMetrics } from './http/gateway-metrics';
export { IdempotencyStore } from './http/idempotency-store';
export { DEMO_USERS, type DemoUser } from './identity/demo-users';
export { openEmbeddedNetwork } from './identity/embedded-network';
export { UserDirectory, type User } from './identity/user-directory';
export { Wallet } from './identity/wallet';
export type { LedgerBackend, LedgerIdentity, Committed } from './ledger/ledger-backend';
export { LedgerFailure } from './ledger/ledger-failure';
export { LEDGER_STATUS } from './errors/ledger-status';
