import { LedgerError } from '../ledger/ledger-error';
import { Keys } from '../ledger/keys';
import { deleteKey, readRecord, writeIndex, writeRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import { transactionTime } from '../ledger/transaction-time';
import type { Alert, AlertKind } from '../model/alert';
import type { ItemRef } from '../model/item-ref';

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
  return {
    docType: 'alert',
    id: txId,
    kind: details.kind,
    reasons: details.reasons,
    note: details.note,
    raisedBy,
    raisedAt: transactionTime(ctx).iso,
    txId,
    items: details.items,
    quarantined: details.quarantined,
    shipmentId: details.shipmentId ?? null,
    status: 'open',
    resolution: null,
  };
}

/** Writes a new alert and its indexes. Its id is the transaction id: one alert per transaction. */
export async function saveNewAlert(ctx: TraceContext, alert: Alert): Promise<void> {
  await writeRecord(ctx, Keys.alert(ctx, alert.id), alert);
  await writeIndex(ctx, Keys.alertByStatus(ctx, alert.status, alert.id));
  await writeIndex(ctx, Keys.alertByRaiser(ctx, alert.raisedBy, alert.id));
}

/** Writes an alert whose status changed, moving its status index entry. */
export async function saveAlertStatus(
  ctx: TraceContext,
  previous: Alert,
  updated: Alert,
): Promise<void> {
  await writeRecord(ctx, Keys.alert(ctx, updated.id), updated);
  if (previous.status !== updated.status) {
    await deleteKey(ctx, Keys.alertByStatus(ctx, previous.status, previous.id));
    await writeIndex(ctx, Keys.alertByStatus(ctx, updated.status, updated.id));
  }
}

export async function requireAlert(ctx: TraceContext, id: string): Promise<Alert> {
  const alert = await readRecord<Alert>(ctx, Keys.alert(ctx, id));
  if (alert === undefined) {
    throw new LedgerError('ALERT_NOT_FOUND', `alert ${id} does not exist`);
  }
  return alert;
}
