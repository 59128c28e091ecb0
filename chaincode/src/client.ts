/**
 * The chaincode's client vocabulary: the transaction catalogue (each transaction's name,
 * arguments, answer, submit or evaluate, and who may call it), error codes, verdict reasons,
 * limits and the records clients receive. It loads neither fabric-shim nor the contracts, so
 * the gateway and the scanner page can import it.
 *
 * @packageDocumentation
 */
export { ACCESS_RULES, type AccessRule } from './identity/access-rules';
export {
  Tx,
  type EvaluateEntry,
  type IndexingResult,
  type MigrationResult,
  type SubmitEntry,
  type TransactionCatalogue,
  type TransactionEntry,
  type TransactionArgs,
  type TransactionName,
  type TransactionResult,
} from './transactions';
export {
  CALLER_ERROR_CODES,
  LEDGER_ERROR_CODES,
  ChaincodeRefusal,
  parseLedgerError,
  type LedgerErrorBody,
  type LedgerErrorCode,
} from './ledger/chaincode-refusal';
export { canonicalJson } from './ledger/canonical-json';
export { MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, type Page } from './ledger/pagination';
export {
  MAX_CHILDREN,
  MAX_OPEN_UNKNOWN_FLAGS,
  MAX_SERIALS_PER_CALL,
  MAX_SHIPMENT_ITEMS,
  UNDO_WINDOW_DAYS,
} from './model/limits';
export type { ProvenanceEntry } from './domain/provenance';
export { SERIAL_CELLS, chunksByCell, serialCell } from './model/serial-cells';
export { batchClassUri, containerUri, packUri, partyUri } from './domain/epcis-identifiers';
export { PARTY_ROLES, TRADING_ROLES, type Party, type PartyRole } from './model/party';
export type { Product } from './model/product';
export { MAX_PRODUCT_LINKS, type ProductLink, type ProductLinks } from './model/product-link';
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
export { SHIPMENT_STATUSES, type Shipment, type ShipmentStatus } from './model/shipment';
export {
  ALERT_STATUSES,
  type Alert,
  type AlertKind,
  type AlertResolution,
  type AlertStatus,
  type OpenAlertCount,
} from './model/alert';
export { ALERT_SCOPES, type AlertScope } from './domain/alert-listing';
export {
  CASE_CAPACITIES,
  CASE_STATES,
  CASE_STEPS,
  MAX_EVIDENCE,
  MAX_STEP_NOTE,
  MIN_REQUESTED_VERIFICATIONS,
  ROOT_CAUSES,
  type CaseCapacity,
  type CaseState,
  type CaseStep,
  type CaseTimelineEntry,
  type CaseVerificationRequest,
  type IllegitimateNotice,
  type NoticeParty,
  type RequestedVerificationResult,
  type RootCause,
} from './model/alert-case';
export { CASE_TRANSITIONS, type CaseTransition } from './domain/alert-case-rules';
export {
  DEFAULT_TRACE_LOT_PACKS,
  MAX_TRACE_LOT_PACKS,
  PARTNER_TRACE_REASONS,
  TRACE_REASONS,
  type ListedTraceRequest,
  type TraceAnswer,
  type TraceAnswerTiming,
  type TraceDueRule,
  type TracedPack,
  type TraceReason,
  type TraceRequest,
  type TraceSubject,
} from './model/trace-request';
export { traceRequestDue } from './domain/trace-request-deadline';
export type { Scan, VerificationRequest } from './model/scan';
export {
  VERDICT_REASON_CODES,
  type Verdict,
  type VerdictReason,
  type VerdictReasonCode,
} from './model/verdict';
export type { EpcisFields, LedgerEvent } from './model/ledger-event';
export { CAPTURE_STEPS, type CaptureStep, type CapturedEvent } from './model/epcis-capture';
export {
  WHOLE_DOCUMENT_MAX_EVENTS,
  WHOLE_DOCUMENT_MAX_IDENTIFIERS,
  WHOLE_DOCUMENT_MAX_MOVED,
  type DocumentCaptureResult,
  type DocumentEventOutcome,
} from './model/document-capture';
export type { ErrorDeclaration, EventErrorDeclaration } from './model/event-error-declaration';
export { platformEventId } from './domain/event-ids';
export { CBV_ERROR_REASONS } from './domain/error-declarations';
export type {
  AlertCounts,
  AlertGroups,
  CommissionResult,
  Custody,
  PackHistory,
  PackView,
  RecordedVerdict,
} from './model/transaction-results';
export type { Item } from './domain/items';
export {
  MAX_PACKS_PER_TRANSACTION,
  type ContainerVerdicts,
  type ListedVerdict,
  type PackFailure,
  type PacksDecommissioned,
  type VerifiedDispense,
} from './model/bulk-operations';
