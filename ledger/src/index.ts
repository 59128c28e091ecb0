/**
 * The one seam between the platform and a ledger. The gateway and the test suites open a
 * {@link Ledger} (embedded or Fabric), take a {@link LedgerSession} per user, and see every
 * failure as a {@link LedgerFailure}. {@link openEmbeddedNetwork} and {@link openFabricNetwork}
 * open a ledger together with the {@link IdentityIssuer} that enrols and revokes its users.
 *
 * @packageDocumentation
 */
export {
  DEFAULT_DEADLINES,
  type ChaincodeEvent,
  type Committed,
  type Deadlines,
  type EventCursor,
  type EventStart,
  type PastStart,
  type EventSubscription,
  type Ledger,
  type LedgerIdentity,
  type LedgerSession,
  type SubmitOptions,
  type TransactionOutcome,
} from './ledger';
export { LedgerFailure, type LedgerFailureKind } from './ledger-failure';
export type { OpenEmbeddedLedgerOptions, EmbeddedLedger } from './embedded/embedded-ledger';
export { openEmbeddedLedger } from './embedded/open-embedded-ledger';
export type { FabricLedger, FabricLedgerOptions, FabricPeer } from './fabric/fabric-options';
export { grpcClientOptions } from './fabric/fabric-backend';
export { openFabricLedger } from './fabric/open-fabric-ledger';
export {
  networkUserIdentity,
  openNetworkChannel,
  readIdentity,
  type NetworkChannelOptions,
} from './fabric/network-channel';
export { seedConsortium, type SeedReport } from './seed-consortium';
export type { IdentityIssuer, IssuedUser, Registrar } from './identity-issuer';
export type { LedgerNetwork, NetworkUserStore } from './ledger-network';
export { openEmbeddedNetwork } from './embedded/open-embedded-network';
export { openFabricNetwork, type FabricNetworkScope } from './fabric/open-fabric-network';
