import type { Item } from './domain/items';
import type { Page } from './ledger/pagination';
import type { Alert } from './model/alert';
import type { IllegitimateNotice } from './model/alert-case';
import type { Batch } from './model/batch';
import type {
  ContainerVerdicts,
  ListedVerdict,
  PacksDecommissioned,
  VerifiedDispense,
} from './model/bulk-operations';
import type { DocumentCaptureResult } from './model/document-capture';
import type { CapturedEvent } from './model/epcis-capture';
import type { EventErrorDeclaration } from './model/event-error-declaration';
import type { Party, PartyRole } from './model/party';
import type { Product } from './model/product';
import type { ProductLinks } from './model/product-link';
import type { Shipment } from './model/shipment';
import type { ListedTraceRequest, TraceAnswer, TraceRequest } from './model/trace-request';
import type { Container, Pack } from './model/tracked-item';
import type {
  AlertCounts,
  AlertGroups,
  CommissionResult,
  PackHistory,
  PackView,
  RecordedVerdict,
} from './model/transaction-results';
import type { Verdict } from './model/verdict';

/*
 * Fabric passes every argument as a string and every answer as JSON, so a transaction's
 * signature is invisible to the type checker on the client side. The catalogue carries it:
 * each entry holds, as types only, the tuple of its string arguments and the record its JSON
 * answer parses to.
 */
declare const signature: unique symbol;

/** Who may call a transaction, and whether it changes the ledger. */
export interface AccessRule {
  readonly roles: readonly PartyRole[];
  readonly writes: boolean;
}

/**
 * One transaction of the chaincode: where it lives, who may call it, whether it changes the
 * ledger (and so is submitted for ordering, not evaluated on one peer), and, as types only,
 * its arguments and its answer.
 *
 * @typeParam Args - the transaction's string arguments, in order
 * @typeParam Result - what its JSON answer parses to
 * @typeParam Writes - `true` for a submitted transaction, `false` for an evaluated one
 */
export interface TransactionEntry<
  Args extends readonly string[] = readonly string[],
  Result = unknown,
  Writes extends boolean = boolean,
> extends AccessRule {
  /** The contract's name, e.g. `verification`. */
  readonly contract: string;
  /** The name a client sends: `contract:Transaction`, e.g. `verification:Verify`. */
  readonly name: string;
  readonly writes: Writes;
  /** Never present at run time: it carries the signature for the type checker. */
  readonly [signature]?: { readonly args: Args; readonly result: Result };
}

/** A transaction that changes the ledger: a client submits it. */
export type SubmitEntry<
  Args extends readonly string[] = readonly string[],
  Result = unknown,
> = TransactionEntry<Args, Result, true>;

/** A transaction that only reads: a client evaluates it. */
export type EvaluateEntry<
  Args extends readonly string[] = readonly string[],
  Result = unknown,
> = TransactionEntry<Args, Result, false>;

/** The arguments a catalogued transaction takes, as a labelled tuple of strings. */
export type TransactionArgs<E extends TransactionEntry> =
  E extends TransactionEntry<infer Args, unknown, boolean> ? Args : never;

/** What a catalogued transaction's JSON answer parses to. */
export type TransactionResult<E extends TransactionEntry> =
  E extends TransactionEntry<readonly string[], infer Result, boolean> ? Result : never;

/** An entry before its own name is attached (the table's key is the transaction's name). */
type Unnamed<E extends TransactionEntry> = Omit<E, 'name'>;

function submitted<Args extends readonly string[], Result>(
  contract: string,
  roles: readonly PartyRole[],
): Unnamed<SubmitEntry<Args, Result>> {
  return { contract, roles, writes: true };
}

function evaluated<Args extends readonly string[], Result>(
  contract: string,
  roles: readonly PartyRole[],
): Unnamed<EvaluateEntry<Args, Result>> {
  return { contract, roles, writes: false };
}

const ALL: readonly PartyRole[] = ['manufacturer', 'distributor', 'pharmacy', 'regulator'];
const TRADERS: readonly PartyRole[] = ['manufacturer', 'distributor', 'pharmacy'];
const REGULATOR: readonly PartyRole[] = ['regulator'];
const MAKERS_AND_REGULATOR: readonly PartyRole[] = ['manufacturer', 'regulator'];

/** IndexProducts and IndexAlerts: how many records were indexed, and where the next run starts. */
export interface IndexingResult {
  readonly indexed: number;
  readonly next: string;
}

/** MigrateShipmentIndex: how many shipments were converted, and whether any remain. */
export interface MigrationResult {
  readonly converted: number;
  readonly remaining: boolean;
}

type PagingArgs = readonly [pageSize: string, bookmark: string];

/*
 * The written rule for every transaction: the role the caller's certificate states must be
 * listed. Finer rules (owning the product, holding the pack, being the recipient) are checked by
 * the transaction itself. docs/access-control.md states the same table, and a test walks every
 * cell of the document against the running chaincode.
 */
const UNNAMED = {
  Bootstrap: submitted<readonly [name: string], Party>('parties', REGULATOR),
  RegisterParty: submitted<
    readonly [gln: string, name: string, role: string, mspId: string, companyPrefixes: string],
    Party
  >('parties', REGULATOR),
  AuthoriseParty: submitted<readonly [gln: string, reason: string], Party>('parties', REGULATOR),
  SuspendParty: submitted<readonly [gln: string, reason: string], Party>('parties', REGULATOR),
  GetParty: evaluated<readonly [gln: string], Party>('parties', ALL),
  ListParties: evaluated<PagingArgs, Page<Party>>('parties', ALL),
  RegisterProduct: submitted<
    readonly [gtin: string, name: string, form: string, strength: string, packSize: string],
    Product
  >('products', ['manufacturer']),
  GetProduct: evaluated<readonly [gtin: string], Product>('products', ALL),
  ListProducts: evaluated<
    readonly [manufacturer: string, pageSize: string, bookmark: string],
    Page<Product>
  >('products', MAKERS_AND_REGULATOR),
  ListProductBatches: evaluated<
    readonly [gtin: string, pageSize: string, bookmark: string],
    Page<Batch>
  >('products', MAKERS_AND_REGULATOR),
  IndexProducts: submitted<readonly [after: string, limit: string], IndexingResult>(
    'products',
    REGULATOR,
  ),
  SetProductLinks: submitted<readonly [gtin: string, links: string], ProductLinks>('products', [
    'manufacturer',
  ]),
  GetProductLinks: evaluated<readonly [gtin: string], ProductLinks>('products', ALL),
  CommissionPacks: submitted<
    readonly [gtin: string, lot: string, expiry: string, serials: string],
    CommissionResult
  >('batches', ['manufacturer']),
  GetBatch: evaluated<readonly [gtin: string, lot: string], Batch>('batches', ALL),
  ListBatchPacks: evaluated<
    readonly [gtin: string, lot: string, pageSize: string, bookmark: string],
    Page<string>
  >('batches', MAKERS_AND_REGULATOR),
  RecallBatch: submitted<readonly [gtin: string, lot: string, reason: string], Batch>(
    'batches',
    MAKERS_AND_REGULATOR,
  ),
  Aggregate: submitted<readonly [sscc: string, kind: string, children: string], Container>(
    'aggregation',
    TRADERS,
  ),
  Unpack: submitted<readonly [sscc: string], Container>('aggregation', TRADERS),
  GetContainer: evaluated<readonly [sscc: string], Container>('aggregation', ALL),
  Ship: submitted<readonly [to: string, items: string], Shipment>('custody', TRADERS),
  Receive: submitted<readonly [shipmentId: string, received: string], Shipment>('custody', TRADERS),
  CancelShipment: submitted<readonly [shipmentId: string, note: string], Shipment>(
    'custody',
    TRADERS,
  ),
  CloseShipment: submitted<readonly [shipmentId: string, note: string], Shipment>('custody', ALL),
  GetShipment: evaluated<readonly [shipmentId: string], Shipment>('custody', ALL),
  ListShipments: evaluated<
    readonly [gln: string, direction: string, status: string, pageSize: string, bookmark: string],
    Page<Shipment>
  >('custody', ALL),
  MigrateShipmentIndex: submitted<readonly [limit: string], MigrationResult>('custody', REGULATOR),
  ListInventory: evaluated<PagingArgs, Page<Item>>('custody', TRADERS),
  ListRecalledStock: evaluated<PagingArgs, Page<Item>>('custody', TRADERS),
  Dispense: submitted<readonly [gtin: string, serial: string], Pack>('dispensing', ['pharmacy']),
  Decommission: submitted<
    readonly [gtin: string, serial: string, reason: string, note: string],
    Pack
  >('dispensing', TRADERS),
  UndoDecommission: submitted<readonly [gtin: string, serial: string], Pack>('dispensing', TRADERS),
  Verify: evaluated<readonly [code: string], Verdict>('verification', ALL),
  RecordScan: submitted<readonly [code: string], RecordedVerdict>('verification', ALL),
  RecordVerificationRequest: submitted<
    readonly [code: string, context: string, corrUUID: string],
    RecordedVerdict
  >('verification', TRADERS),
  DispenseContainer: submitted<readonly [sscc: string], PacksDecommissioned>('dispensing', [
    'pharmacy',
  ]),
  DecommissionContainer: submitted<
    readonly [sscc: string, reason: string, note: string],
    PacksDecommissioned
  >('dispensing', TRADERS),
  DispensePacks: submitted<readonly [packs: string], PacksDecommissioned>('dispensing', [
    'pharmacy',
  ]),
  DecommissionPacks: submitted<
    readonly [packs: string, reason: string, note: string],
    PacksDecommissioned
  >('dispensing', TRADERS),
  VerifyAndDispense: submitted<readonly [code: string], VerifiedDispense>('dispensing', [
    'pharmacy',
  ]),
  VerifyContainer: evaluated<readonly [sscc: string], ContainerVerdicts>('verification', ALL),
  VerifyPacks: evaluated<readonly [codes: string], ListedVerdict[]>('verification', ALL),
  FlagPack: submitted<readonly [gtin: string, serial: string, note: string], Alert>('alerts', ALL),
  GetAlert: evaluated<readonly [alertId: string], Alert>('alerts', ALL),
  ListAlerts: evaluated<
    readonly [
      scope: string,
      status: string,
      reporter: string,
      code: string,
      pageSize: string,
      bookmark: string,
    ],
    Page<Alert>
  >('alerts', ALL),
  AlertSummary: evaluated<readonly [], AlertCounts>('alerts', REGULATOR),
  AlertGroups: evaluated<readonly [], AlertGroups>('alerts', REGULATOR),
  IndexAlerts: submitted<readonly [after: string, limit: string], IndexingResult>(
    'alerts',
    REGULATOR,
  ),
  ResolveAlert: submitted<readonly [alertId: string, outcome: string, note: string], Alert>(
    'alerts',
    REGULATOR,
  ),
  GetPack: evaluated<readonly [gtin: string, serial: string], PackView>('provenance', ALL),
  GetPackHistory: evaluated<readonly [gtin: string, serial: string], PackHistory>(
    'provenance',
    ALL,
  ),
  CaptureEvent: submitted<
    readonly [eventId: string, eventTime: string, step: string, args: string],
    { readonly capture: CapturedEvent; readonly result: unknown }
  >('epcis', TRADERS),
  CaptureDocument: submitted<readonly [events: string], DocumentCaptureResult>('epcis', TRADERS),
  DeclareEventError: submitted<
    readonly [eventId: string, declarationTime: string, reason: string, correctiveEventIDs: string],
    EventErrorDeclaration
  >('declarations', TRADERS),
  GetEventErrorDeclarations: evaluated<
    readonly [eventIds: string],
    Readonly<Record<string, EventErrorDeclaration>>
  >('declarations', ALL),
  RequestTrace: submitted<
    readonly [
      kind: string,
      gtin: string,
      item: string,
      reason: string,
      incident: string,
      test: string,
    ],
    TraceRequest
  >('tracing', ALL),
  AnswerTraceRequest: submitted<readonly [requestId: string], TraceRequest>('tracing', [
    'manufacturer',
  ]),
  GetTraceRequest: evaluated<readonly [requestId: string], TraceRequest>('tracing', ALL),
  GetTraceAnswer: evaluated<
    readonly [requestId: string, pageSize: string, bookmark: string],
    TraceAnswer
  >('tracing', ALL),
  ListTraceRequests: evaluated<
    readonly [status: string, asOf: string, pageSize: string, bookmark: string],
    Page<ListedTraceRequest>
  >('tracing', ALL),
  // Alert cases (issue 25): the case's own rules (capacities, states) are checked inside.
  TakeAlertStep: submitted<
    readonly [alertId: string, step: string, rootCause: string, note: string, evidence: string],
    Alert
  >('alertcases', ALL),
  RequestLotVerification: submitted<
    readonly [alertId: string, party: string, count: string, note: string],
    Alert
  >('alertcases', MAKERS_AND_REGULATOR),
  RecordRequestedVerification: submitted<
    readonly [alertId: string, requestId: string, code: string],
    Alert
  >('alertcases', TRADERS),
  GetIllegitimateNotice: evaluated<readonly [alertId: string], IllegitimateNotice>(
    'alertcases',
    ALL,
  ),
  TerminateIllegitimateNotice: submitted<
    readonly [alertId: string, note: string],
    IllegitimateNotice
  >('alertcases', MAKERS_AND_REGULATOR),
};

type UnnamedCatalogue = typeof UNNAMED;

/** The catalogue's type: each entry with its `contract:Transaction` name attached. */
export type TransactionCatalogue = {
  readonly [Name in keyof UnnamedCatalogue]: UnnamedCatalogue[Name] & {
    readonly name: `${string}:${Name}`;
  };
};

/**
 * The chaincode's transactions, the one table of them: each entry's name, who may call it,
 * whether it is submitted or evaluated, and its argument and answer types. The chaincode checks
 * its callers' roles against it (as `ACCESS_RULES`), the gateway names and calls transactions
 * through it, and the access-control tests walk it.
 */
export const Tx: TransactionCatalogue = Object.fromEntries(
  Object.entries(UNNAMED).map(([transaction, entry]) => [
    transaction,
    { ...entry, name: `${entry.contract}:${transaction}` },
  ]),
) as TransactionCatalogue;

/** The name of a transaction of this chaincode (without its contract). */
export type TransactionName = keyof TransactionCatalogue;
