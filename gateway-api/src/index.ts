/**
 * The gateway API: an Express app over the pack ledger.
 *
 * @packageDocumentation
 */
export {
  openEmbeddedGateway,
  openFabricGateway,
  type AssembledGateway,
  type GatewayOptions,
} from './gateway-assembly';
export { CONFIG_DEFAULTS } from './config/gateway-config';
export { TokenService } from './auth/token-service';
export { CommissioningJobs } from './batches/commissioning-jobs';
export { IDEMPOTENCY_RETENTION_MS, IdempotencyStore } from './http/idempotency-store';
export { UserDirectory } from './identity/user-directory';
export { UserSessions } from './ledger/user-sessions';
export { Wallet } from './identity/wallet';
export { LABEL_SPEC, layoutPackLabel } from './labels/label-layout';
export { packLabelSvg } from './labels/pack-label';
export { loadEpcisSchema } from './epcis/epcis-schema';
