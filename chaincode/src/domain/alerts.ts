import { LedgerError } from '../ledger/ledger-error';
import { Keys } from '../ledger/keys';
import { deleteKey, readRecord, writeIndex, writeRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { Alert } from '../model/alert';

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
