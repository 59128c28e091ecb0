import type { PartyRole } from '../model/party';

/** Who may call a transaction, and whether it changes the ledger. */
export interface AccessRule {
  readonly roles: readonly PartyRole[];
  readonly writes: boolean;
}

const ALL: readonly PartyRole[] = ['manufacturer', 'distributor', 'pharmacy', 'regulator'];
const TRADERS: readonly PartyRole[] = ['manufacturer', 'distributor', 'pharmacy'];

/**
 * The written rule for every transaction: the role the caller's certificate states must be
 * listed. Finer rules (owning the product, holding the pack, being the recipient) are checked
 * by the transaction itself. docs/access-control.md states the same table, and a test walks
 * every cell of the document against the running chaincode.
 */
export const ACCESS_RULES = {
  Bootstrap: { roles: ['regulator'], writes: true },
  RegisterParty: { roles: ['regulator'], writes: true },
  AuthoriseParty: { roles: ['regulator'], writes: true },
  SuspendParty: { roles: ['regulator'], writes: true },
  GetParty: { roles: ALL, writes: false },
  ListParties: { roles: ALL, writes: false },
  RegisterProduct: { roles: ['manufacturer'], writes: true },
  GetProduct: { roles: ALL, writes: false },
  ListProducts: { roles: ['manufacturer', 'regulator'], writes: false },
  ListProductBatches: { roles: ['manufacturer', 'regulator'], writes: false },
  IndexProducts: { roles: ['regulator'], writes: true },
  CommissionPacks: { roles: ['manufacturer'], writes: true },
  GetBatch: { roles: ALL, writes: false },
  ListBatchPacks: { roles: ['manufacturer', 'regulator'], writes: false },
  RecallBatch: { roles: ['manufacturer', 'regulator'], writes: true },
  Aggregate: { roles: TRADERS, writes: true },
  Unpack: { roles: TRADERS, writes: true },
  GetContainer: { roles: ALL, writes: false },
  Ship: { roles: TRADERS, writes: true },
  Receive: { roles: TRADERS, writes: true },
  CancelShipment: { roles: TRADERS, writes: true },
  GetShipment: { roles: ALL, writes: false },
  ListShipments: { roles: ALL, writes: false },
  MigrateShipmentIndex: { roles: ['regulator'], writes: true },
  ListInventory: { roles: TRADERS, writes: false },
  ListRecalledStock: { roles: TRADERS, writes: false },
  Dispense: { roles: ['pharmacy'], writes: true },
  Decommission: { roles: TRADERS, writes: true },
  UndoDecommission: { roles: TRADERS, writes: true },
  Verify: { roles: ALL, writes: false },
  RecordScan: { roles: ALL, writes: true },
  RecordVerificationRequest: { roles: TRADERS, writes: true },
  FlagPack: { roles: ALL, writes: true },
  GetAlert: { roles: ALL, writes: false },
  ListAlerts: { roles: ALL, writes: false },
  AlertSummary: { roles: ['regulator'], writes: false },
  AlertGroups: { roles: ['regulator'], writes: false },
  IndexAlerts: { roles: ['regulator'], writes: true },
  ResolveAlert: { roles: ['regulator'], writes: true },
  GetPack: { roles: ALL, writes: false },
  GetPackHistory: { roles: ALL, writes: false },
  CaptureEvent: { roles: TRADERS, writes: true },
} as const satisfies Record<string, AccessRule>;

/** The name of a transaction of this chaincode. */
export type TransactionName = keyof typeof ACCESS_RULES;
