/**
 * The pack ledger chaincode. `contracts` is what fabric-shim (and the in-process ledger) load;
 * the types describe the records and results clients receive.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';
import { AggregationContract } from './contracts/aggregation-contract';
import { AlertContract } from './contracts/alert-contract';
import { BatchContract } from './contracts/batch-contract';
import { CustodyContract } from './contracts/custody-contract';
import { DispensingContract } from './contracts/dispensing-contract';
import { PartyContract } from './contracts/party-contract';
import { ProductContract } from './contracts/product-contract';
import { ProvenanceContract } from './contracts/provenance-contract';
import { VerificationContract } from './contracts/verification-contract';

/** Every contract of the chaincode; the first is the default contract. */
export const contracts = [
  VerificationContract,
  PartyContract,
  ProductContract,
  BatchContract,
  AggregationContract,
  CustodyContract,
  DispensingContract,
  AlertContract,
  ProvenanceContract,
];

export { ACCESS_RULES, type AccessRule, type TransactionName } from './identity/access-rules';
export {
  LEDGER_ERROR_CODES,
  LedgerError,
  parseLedgerError,
  type LedgerErrorBody,
  type LedgerErrorCode,
} from './ledger/ledger-error';
export { canonicalJson } from './ledger/canonical-json';
export { MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, type Page } from './ledger/pagination';
export { MAX_SERIALS_PER_CALL } from './contracts/batch-contract';
export { MAX_SHIPMENT_ITEMS } from './contracts/custody-contract';
export { MAX_CHILDREN } from './contracts/aggregation-contract';
export { UNDO_WINDOW_DAYS } from './contracts/dispensing-contract';
export type { ProvenanceEntry } from './domain/provenance';
export { batchClassUri, containerUri, packUri, partyUri } from './domain/epcis-identifiers';
export { PARTY_ROLES, TRADING_ROLES, type Party, type PartyRole } from './model/party';
export type { Product } from './model/product';
export type { Batch, Recall } from './model/batch';
export type { ContainerRef, ItemRef, PackRef } from './model/item-ref';
export type { HistoryEntry } from './model/history-entry';
export {
  DECOMMISSION_REASONS,
  type Container,
  type Decommission,
  type DecommissionReason,
  type ItemStatus,
  type Pack,
  type Quarantine,
} from './model/tracked-item';
export type { Shipment } from './model/shipment';
export type { Alert, AlertKind, AlertResolution } from './model/alert';
export type { Scan } from './model/scan';
export {
  VERDICT_REASON_CODES,
  type Verdict,
  type VerdictReason,
  type VerdictReasonCode,
} from './model/verdict';
export type { EpcisFields, LedgerEvent } from './model/ledger-event';
