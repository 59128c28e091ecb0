import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { deleteKey, readRecord, writeIndex, writeRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import { transactionTime } from '../ledger/transaction-time';
import type { Alert, AlertKind } from '../model/alert';
import type { ItemRef } from '../model/item-ref';
import type { Product } from '../model/product';
import { asCase, type RecordedAlert } from './alert-records';
import { hasFilterIndexes, indexNewAlert, reindexAlertStatus } from './alert-indexes';
import { isUnknownFlag, releaseUnknownFlag } from './flag-quota';
import { custodiansOf, findItem } from './items';
import { addAudience } from './ledger-events';

/** What raised an alert and what it concerns; the rest follows from the transaction. */
export interface AlertDetails {
  readonly kind: AlertKind;
  readonly reasons: readonly string[];
  readonly note: string;
  readonly items: readonly ItemRef[];
  readonly quarantined: readonly ItemRef[];
  /** The shipment whose receipt raised it (shipment discrepancies only). */
  readonly shipmentId?: string;
}

/**
 * The open alert `raisedBy` raises in this transaction. Its id is the transaction id (one alert
 * per transaction) and it is raised at the transaction's timestamp.
 */
export function newAlert(ctx: TraceContext, raisedBy: string, details: AlertDetails): Alert {
  const txId = ctx.stub.getTxID();
  // saveNewAlert records who holds the items, as the ledger has them when it is saved.
  const raisedAt = transactionTime(ctx).iso;
  return {
    docType: 'alert',
    id: txId,
    kind: details.kind,
    reasons: details.reasons,
    note: details.note,
    raisedBy,
    raisedAt,
    txId,
    items: details.items,
    quarantined: details.quarantined,
    custodians: [],
    shipmentId: details.shipmentId ?? null,
    status: 'open',
    resolution: null,
    state: 'new',
    rootCause: null,
    manufacturers: [],
    timeline: [
      {
        step: 'raise',
        from: null,
        to: 'new',
        by: raisedBy,
        as: ['raiser'],
        at: raisedAt,
        txId,
        note: details.note,
        evidence: [],
      },
    ],
    verificationRequests: [],
  };
}

/**
 * Writes a new alert and its indexes, with the parties whose stock it concerns; they join the
 * transaction's event audience, so a holder learns at once that its stock is under suspicion.
 * Its id is the transaction id: one alert per transaction. Returns the alert as saved.
 *
 * @param parties - the parties it concerns, when they are not the holders of its items: a
 *   receipt's discrepancy concerns the shipment's sender and receiver, not whoever holds an item
 *   the receiver named (telling them would show a third party the shipment, and cost index
 *   writes per holder).
 */
export async function saveNewAlert(
  ctx: TraceContext,
  alert: Alert,
  parties?: readonly string[],
): Promise<Alert> {
  const custodians = new Set<string>(parties);
  if (parties === undefined) {
    for (const ref of alert.items) {
      const item = await findItem(ctx, ref);
      if (item !== undefined) {
        for (const party of await custodiansOf(ctx, item)) {
          custodians.add(party);
        }
      }
    }
  }
  const saved: Alert = {
    ...alert,
    custodians: [...custodians],
    manufacturers: await manufacturersOf(ctx, alert.items),
  };
  await writeRecord(ctx, Keys.alert(ctx, saved.id), saved);
  for (const gln of saved.manufacturers) {
    await writeIndex(ctx, Keys.alertByManufacturer(ctx, gln, saved.id));
  }
  await writeIndex(ctx, Keys.alertByStatus(ctx, saved.status, saved.id));
  await writeIndex(ctx, Keys.alertByRaiser(ctx, saved.raisedBy, saved.id));
  await indexNewAlert(ctx, saved);
  addAudience(ctx, [...saved.custodians, ...saved.manufacturers]);
  return saved;
}

/**
 * The manufacturers of the products of an alert's packs: each product's registrant, who owns the
 * company prefix its GTIN carries (RegisterProduct checks it). Containers name no product.
 */
async function manufacturersOf(ctx: TraceContext, items: readonly ItemRef[]): Promise<string[]> {
  const gtins = new Set(items.flatMap((ref) => (ref.type === 'pack' ? [ref.gtin] : [])));
  const makers = new Set<string>();
  for (const gtin of gtins) {
    const product = await readRecord<Product>(ctx, Keys.product(ctx, gtin));
    if (product !== undefined) {
      makers.add(product.manufacturer);
    }
  }
  return [...makers].sort();
}

/**
 * Whether a party may read an alert: the regulator, its raiser, a holder of its stock, the
 * manufacturer of its product, or a party asked to verify more packs of its lot.
 */
export function mayReadAlert(alert: Alert, caller: { role: string; gln: string }): boolean {
  return (
    caller.role === 'regulator' ||
    alert.raisedBy === caller.gln ||
    alert.custodians.includes(caller.gln) ||
    alert.manufacturers.includes(caller.gln) ||
    alert.verificationRequests.some((request) => request.requestedOf === caller.gln)
  );
}

/**
 * Writes an alert whose status changed, moving its index entries and, once it is resolved,
 * taking it out of the open counts (and, for a flag of an unknown serial, out of its raiser's
 * bound). An alert recorded before the filter indexes has only its status entry to move.
 */
export async function saveAlertStatus(
  ctx: TraceContext,
  previous: Alert,
  updated: Alert,
): Promise<void> {
  const indexed = await hasFilterIndexes(ctx, previous);
  await writeRecord(ctx, Keys.alert(ctx, updated.id), updated);
  if (previous.status === updated.status) {
    return;
  }
  await deleteKey(ctx, Keys.alertByStatus(ctx, previous.status, previous.id));
  await writeIndex(ctx, Keys.alertByStatus(ctx, updated.status, updated.id));
  if (indexed) {
    await reindexAlertStatus(ctx, previous, updated);
    if (previous.status === 'open' && isUnknownFlag(previous)) {
      await releaseUnknownFlag(ctx, previous.raisedBy);
    }
  }
}

/** An alert, or undefined when there is none with this id. */
export async function findAlert(ctx: TraceContext, id: string): Promise<Alert | undefined> {
  const alert = await readRecord<RecordedAlert>(ctx, Keys.alert(ctx, id));
  return alert === undefined ? undefined : await asCase(ctx, alert);
}

export async function requireAlert(ctx: TraceContext, id: string): Promise<Alert> {
  const alert = await findAlert(ctx, id);
  if (alert === undefined) {
    throw new ChaincodeRefusal('ALERT_NOT_FOUND', `alert ${id} does not exist`);
  }
  return alert;
}
