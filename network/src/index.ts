/**
 * The project's Hyperledger Fabric network: the organisations of the consortium, each with its
 * own Fabric CA, peer, chaincode-as-a-service server and (the four founders, its consenters) a
 * SmartBFT orderer, run as plain processes: all on one machine (`up`, `createChannel`), or each
 * organisation on its own host through the per-organisation functions (`initOrganisation` ...
 * `submitUpdate`, the CLI's `org <org> ...`). This module is the programmatic surface used by the
 * Fabric client code and the tests; `npm run network:*` drives the same functions.
 *
 * @packageDocumentation
 */
import { type ChannelInfo, ensureChannel } from './channel';
import { type NodeKind } from './nodes';
import { upgradeChaincode as upgrade, type UpgradeSummary } from './chaincode-upgrade';
import { type Log } from './log';
import {
  down as stopNetwork,
  reset as resetNetwork,
  startNode as startOne,
  stopNode as stopOne,
  up as startNetwork,
  type UpOptions,
  type UpSummary,
} from './network';
import { networkProfile } from './profile';
import { type NodeStatus, status as networkStatus } from './status';

export type { ChannelInfo } from './channel';
export type { NodeKind } from './nodes';
export type { UpgradeSummary } from './chaincode-upgrade';
export type { Log } from './log';
export type { UpOptions, UpSummary } from './network';
export type { NodeStatus } from './status';
export {
  networkProfile,
  type NetworkProfile,
  type OrganisationProfile,
  type TlsEndpoint,
  type UserProfile,
} from './profile';
export { companyAffiliation } from './crypto-material';
export {
  enrolUser,
  isNodeIdentityName,
  revokeUser,
  type CompanyRegistration,
  type EnrolledUser,
} from './users';
export { type OrgPorts, type OrgTopology, organisations } from './topology';
export { AGREED_POLICIES, SMART_BFT_OPTIONS } from './channel-config';
export {
  DEFINITION_FORMAT,
  DefinitionError,
  parseDefinition,
  readDefinition,
  type Endpoint,
  type OrdererDefinition,
  type OrganisationDefinition,
} from './organisation-definition';
export {
  exportOrganisation,
  initOrganisation,
  organisationStatus,
  startOrganisation,
  stopOrganisation,
  type OrganisationProcess,
} from './organisation';
export {
  approveChaincode,
  ChannelCheckError,
  checkJoin,
  commitChaincode,
  consortiumGenesis,
  fetchChannelConfig,
  joinChannel,
  MajorityError,
  majorityOf,
  type JoinCheck,
} from './organisation-channel';
export {
  describeUpdate,
  proposeAdd,
  proposeRemove,
  signUpdate,
  submitUpdate,
  type UpdateSummary,
} from './config-update';
export {
  readConfigBlock,
  type ChannelConfigView,
  type ConfiguredConsenter,
  type ConfiguredOrganisation,
} from './channel-configuration';
export { type ProcessKind } from './nodes';

/**
 * Creates another channel of the four organisations (e.g. one per test suite, for isolation):
 * genesis block, every orderer and peer joined, the chaincode approved by each organisation and
 * committed; resolves once the chaincode answers on every peer and cross-organisation
 * endorsement works. Idempotent: for an existing channel it only checks readiness.
 *
 * @param name lowercase channel name, `[a-z][a-z0-9.-]*`
 * @param options.log receives a progress line per step, with timings
 */
export async function createChannel(name: string, options?: { log?: Log }): Promise<ChannelInfo> {
  // Fails with the clear "run npm run network:up" message when no network was brought up here.
  networkProfile();
  return ensureChannel(name, options?.log);
}

/**
 * Brings the network up (see the CLI's `up`): creates what is missing, starts what is stopped,
 * waits until it can endorse. It writes nothing to the ledger: seeding is its caller's step.
 */
export function up(options?: UpOptions): Promise<UpSummary> {
  return startNetwork(options);
}

/** Stops every process by its recorded PID, keeping all data; returns what it stopped. */
export function down(options?: { log?: Log }): Promise<string[]> {
  return stopNetwork(options);
}

/** Stops the network and deletes its data (the built Fabric binaries stay). */
export function reset(options?: { log?: Log }): Promise<void> {
  return resetNetwork(options);
}

/** Every process: PID if running, health, ledger height per channel for peers and orderers. */
export function status(): Promise<NodeStatus[]> {
  return networkStatus();
}

/**
 * Stops one node of one organisation by its recorded PID and waits until it has exited.
 * Resolves false if it was not running.
 */
export function stopNode(kind: NodeKind, orgKey: string): Promise<boolean> {
  return stopOne(kind, orgKey);
}

/**
 * Starts one node again with the same configuration and data and waits until it is healthy; a
 * peer also until it sees every organisation's peer again on its channels (its gateway cannot
 * pick endorsers before that). A chaincode server is reconnected by its peer on the next call.
 */
export function startNode(kind: NodeKind, orgKey: string): Promise<void> {
  return startOne(kind, orgKey);
}

/** Deploys the current chaincode build as a new definition (sequence + 1) on every channel. */
export function upgradeChaincode(options?: { log?: Log }): Promise<UpgradeSummary> {
  return upgrade(options);
}
