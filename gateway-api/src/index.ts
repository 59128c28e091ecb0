/**
 * The gateway API: an Express app over the pack ledger.
 *
 * @packageDocumentation
 */
export { createGatewayApp, type GatewayServices } from './gateway-app';
export {
  openEmbeddedGateway,
  openFabricGateway,
  type AssembledGateway,
  type GatewayOptions,
} from './gateway-assembly';
export {
  CONFIG_DEFAULTS,
  loadConfig,
  ConfigError,
  type GatewayConfig,
} from './config/gateway-config';
export { TokenService } from './auth/token-service';
export {
  CommissioningJobs,
  type CommissioningJob,
  type CommissioningJobLimits,
} from './batches/commissioning-jobs';
export { generateSerials } from './batches/serial-generator';
export { GatewayMetrics } from './http/gateway-metrics';
export {
  IDEMPOTENCY_RETENTION_MS,
  IdempotencyStore,
  type IdempotentRequest,
  type IdempotentStart,
} from './http/idempotency-store';
export { UserAdministration, type UserSummary } from './identity/user-administration';
export { UserDirectory, type User } from './identity/user-directory';
export { UserSessions } from './ledger/user-sessions';
export { Wallet } from './identity/wallet';
export { LEDGER_STATUS } from './errors/ledger-status';
export { LABEL_RESOLVER, encodePackSymbol, type LabelSymbology } from './labels/label-symbol';
export { LABEL_SPEC, labelText, layoutPackLabel, type LabelLayout } from './labels/label-layout';
export { labelSvg, packLabelSvg } from './labels/pack-label';
export { PrintRunPdf, type PrintLayout } from './labels/print-run-pdf';
export { PrintRuns, type PrintRunLimits } from './labels/print-runs';
export { loadEpcisSchema } from './epcis/epcis-schema';
