import type { TraceContext } from './trace-context';
import { ChaincodeRefusal } from './chaincode-refusal';

/**
 * Every part of every composite key is checked here, after the GS1 and id validation the
 * transactions already did: printable ASCII without space, at most 64 characters. A NUL, a
 * U+10FFFF or any other character that could break key boundaries never reaches the stub.
 */
const KEY_PART = /^[!-~]{1,64}$/;

function checkedParts(parts: readonly string[]): string[] {
  for (const part of parts) {
    if (!KEY_PART.test(part)) {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        'a key part contains characters that are not allowed',
      );
    }
  }
  return [...parts];
}

function key(ctx: TraceContext, objectType: string, parts: readonly string[]): string {
  return ctx.stub.createCompositeKey(objectType, checkedParts(parts));
}

/*
 * Serial cells live under simple keys, not composite ones,
 *   serial-cell NUL gtin NUL cell(3 hex) NUL lot NUL txId
 * so that one range read returns every batch's serials in a run of cells: fabric-shim refuses
 * range reads over composite keys, and reads partial composite keys one prefix at a time.
 */
const SERIAL_CELL = 'serial-cell';
const SIMPLE_KEY_SEPARATOR = '\u0000';

function serialCellPrefix(gtin: string, cell: number): string {
  return [SERIAL_CELL, ...checkedParts([gtin]), cell.toString(16).padStart(3, '0'), ''].join(
    SIMPLE_KEY_SEPARATOR,
  );
}

/** Composite keys of records and indexes. The object type names are part of the ledger format. */
export const Keys = {
  governance: (ctx: TraceContext) => key(ctx, 'governance', ['regulator']),
  party: (ctx: TraceContext, gln: string) => key(ctx, 'party', [gln]),
  /** Index: which party owns a GS1 company prefix. */
  companyPrefix: (ctx: TraceContext, prefix: string) => key(ctx, 'company-prefix', [prefix]),
  product: (ctx: TraceContext, gtin: string) => key(ctx, 'product', [gtin]),
  batch: (ctx: TraceContext, gtin: string, lot: string) => key(ctx, 'batch', [gtin, lot]),
  pack: (ctx: TraceContext, gtin: string, serial: string) => key(ctx, 'pack', [gtin, serial]),
  container: (ctx: TraceContext, sscc: string) => key(ctx, 'container', [sscc]),
  shipment: (ctx: TraceContext, id: string) => key(ctx, 'shipment', [id]),
  alert: (ctx: TraceContext, id: string) => key(ctx, 'alert', [id]),
  scan: (ctx: TraceContext, gtin: string, serial: string, txId: string) =>
    key(ctx, 'scan', [gtin, serial, txId]),
  /** Index: a batch's packs, for paginated listing. */
  batchPack: (ctx: TraceContext, gtin: string, lot: string, serial: string) =>
    key(ctx, 'batch-pack', [gtin, lot, serial]),
  /** Index: what a party holds (stand-alone items only; contents follow their container). */
  holding: (ctx: TraceContext, gln: string, itemParts: readonly string[]) =>
    key(ctx, 'holding', [gln, ...itemParts]),
  /** Index: alerts by status. */
  alertByStatus: (ctx: TraceContext, status: string, id: string) =>
    key(ctx, 'alert-status', [status, id]),
  /** Index: alerts by the party that raised them. */
  alertByRaiser: (ctx: TraceContext, gln: string, id: string) =>
    key(ctx, 'alert-raiser', [gln, id]),
  /** Index: alerts by status and the party that raised them. Moved when the status changes. */
  alertByStatusRaiser: (ctx: TraceContext, status: string, gln: string, id: string) =>
    key(ctx, 'alert-status-raiser', [status, gln, id]),
  /** Index: alerts by status and reason code (one entry per reason), then raiser. Moved too. */
  alertByStatusCode: (ctx: TraceContext, status: string, code: string, gln: string, id: string) =>
    key(ctx, 'alert-status-code', [status, code, gln, id]),
  /** Index: alerts about a party's stock (its `custodians` when raised). */
  alertByHolder: (ctx: TraceContext, gln: string, id: string) =>
    key(ctx, 'alert-holder', [gln, id]),
  /** Index: alerts about a party's stock, by status. Moved when the status changes. */
  alertByStatusHolder: (ctx: TraceContext, status: string, gln: string, id: string) =>
    key(ctx, 'alert-status-holder', [status, gln, id]),
  /** Record: how many of a party's flags of unknown serials are open (absent: none). */
  openUnknownFlags: (ctx: TraceContext, gln: string) => key(ctx, 'flag-unknown-open', [gln]),
  /**
   * The shipment index of ledgers written before shipments were listed by time and status: no
   * longer written; `custody:MigrateShipmentIndex` turns its entries into the two below.
   */
  legacyShipmentByParty: (ctx: TraceContext, gln: string, direction: 'in' | 'out', id: string) =>
    key(ctx, 'shipment-party', [gln, direction, id]),
  /** Index: a party's shipments in one direction, oldest shipped first (never moves). */
  shipmentByTime: (
    ctx: TraceContext,
    gln: string,
    direction: 'in' | 'out',
    shippedAt: string,
    id: string,
  ) => key(ctx, 'shipment-dated', [gln, direction, shippedAt, id]),
  /**
   * Index: a party's shipments in one direction with one status, oldest shipped first. Moved
   * in the transaction that changes the status.
   */
  shipmentByStatus: (
    ctx: TraceContext,
    gln: string,
    direction: 'in' | 'out',
    status: string,
    shippedAt: string,
    id: string,
  ) => key(ctx, 'shipment-status', [gln, direction, status, shippedAt, id]),
  /** Index: the products a manufacturer registered, by GTIN. */
  productByManufacturer: (ctx: TraceContext, gln: string, gtin: string) =>
    key(ctx, 'product-manufacturer', [gln, gtin]),
  /** Record: a product's GS1 Digital Link resolver links (issue 26). */
  productLinks: (ctx: TraceContext, gtin: string) => key(ctx, 'product-links', [gtin]),
  /**
   * Record: a party's captured EPCIS event, by the SHA-256 (hex) of its `eventID`, which may be
   * longer than a key part and hold any URI character.
   */
  capturedEvent: (ctx: TraceContext, gln: string, eventIdDigest: string) =>
    key(ctx, 'epcis-capture', [gln, eventIdDigest]),
  /**
   * Record: which party recorded the EPCIS event with this id (SHA-256 hex of the id, as for
   * captured events). One per party: two parties' own systems may use the same id.
   */
  eventOrigin: (ctx: TraceContext, eventIdDigest: string, gln: string) =>
    key(ctx, 'event-origin', [eventIdDigest, gln]),
  /** Record: a transaction's earlier changes to a record (SHA-256 hex of its key) it changed again. */
  earlierInTransaction: (ctx: TraceContext, recordKeyDigest: string, txId: string) =>
    key(ctx, 'tx-earlier', [recordKeyDigest, txId]),
  /** Record: the error its recorder declared on the EPCIS event with this id. */
  eventErrorDeclaration: (ctx: TraceContext, eventIdDigest: string, gln: string) =>
    key(ctx, 'event-error', [eventIdDigest, gln]),
  /**
   * Range start of a GTIN's serial cell (model/serial-cells.ts) across every batch: the cells
   * `first` to `last` are the range from `serialCellPrefix(first)` to `serialCellPrefix(last + 1)`.
   */
  serialCellPrefix,
  /** Record: one commissioning transaction's serials of a batch in one cell (a simple key). */
  serialCell: (gtin: string, cell: number, lot: string, txId: string) =>
    serialCellPrefix(gtin, cell) + checkedParts([lot, txId]).join(SIMPLE_KEY_SEPARATOR),
  /** Record: which cells one compact commissioning transaction wrote, and how many serials. */
  commissioningChunk: (ctx: TraceContext, gtin: string, lot: string, txId: string) =>
    key(ctx, 'commissioning-chunk', [gtin, lot, txId]),
  /** Index: a party holds packs of this batch that have no record of their own. */
  lotHolding: (ctx: TraceContext, gln: string, gtin: string, lot: string) =>
    key(ctx, 'holding-lot', [gln, gtin, lot]),
  /** Record: no pack of this GTIN was ever commissioned in the per-pack (legacy) form. */
  compactOnly: (ctx: TraceContext, gtin: string) => key(ctx, 'pack-form', [gtin]),
  /** Index: alerts about packs of a manufacturer's products (issue 25, alert cases). */
  alertByManufacturer: (ctx: TraceContext, gln: string, id: string) =>
    key(ctx, 'alert-manufacturer', [gln, id]),
  /** Record: the illegitimate-product notice a confirmed alert produced (one per alert). */
  illegitimateNotice: (ctx: TraceContext, alertId: string) =>
    key(ctx, 'illegitimate-notice', [alertId]),
  /** Record: a trace request (issue 25), by the id of the transaction that recorded it. */
  traceRequest: (ctx: TraceContext, id: string) => key(ctx, 'trace-request', [id]),
  /** Index: trace requests by status (`open`, `answered`), soonest due first. Moved on answer. */
  traceRequestByStatus: (ctx: TraceContext, status: string, dueAt: string, id: string) =>
    key(ctx, 'trace-request-status', [status, dueAt, id]),
  /** Index: trace requests a party made or must answer. */
  traceRequestByParty: (ctx: TraceContext, gln: string, id: string) =>
    key(ctx, 'trace-request-party', [gln, id]),
  /** Checks partial-key attributes for a listing query the same way. */
  partial: (parts: readonly string[]) => checkedParts(parts),
};
