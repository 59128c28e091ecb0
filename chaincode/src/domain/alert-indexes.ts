import { Keys } from '../ledger/keys';
import { deleteKey, readRecord, writeIndex } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { Alert } from '../model/alert';
import { asCase, type RecordedAlert } from './alert-records';
import { countUnknownFlag, isUnknownFlag } from './flag-quota';

/**
 * The indexes that let alert listings filter before they paginate (every entry under a listing's
 * key prefix is an answer, so no page comes back short or empty while more remain); the
 * regulator's grouping counts the open alerts' entries by reason code and reporter. An alert
 * with several reasons is under each of them.
 *
 * Alerts recorded before these existed have none of them: they are found by the status listing
 * and by their raiser's unfiltered listing, and `hasFilterIndexes` tells them apart, so their
 * resolution moves only what they have.
 */

/** The status-leading entries an alert has, for its current status. */
function statusEntries(ctx: TraceContext, alert: Alert, status: string): string[] {
  return [
    Keys.alertByStatusRaiser(ctx, status, alert.raisedBy, alert.id),
    ...[...new Set(alert.reasons)].map((code) =>
      Keys.alertByStatusCode(ctx, status, code, alert.raisedBy, alert.id),
    ),
    ...[...new Set(alert.custodians)].map((gln) =>
      Keys.alertByStatusHolder(ctx, status, gln, alert.id),
    ),
  ];
}

/** Writes a new alert's filter indexes. */
export async function indexNewAlert(ctx: TraceContext, alert: Alert): Promise<void> {
  for (const gln of new Set(alert.custodians)) {
    await writeIndex(ctx, Keys.alertByHolder(ctx, gln, alert.id));
  }
  for (const key of statusEntries(ctx, alert, alert.status)) {
    await writeIndex(ctx, key);
  }
}

/** Whether an alert was recorded with the filter indexes (those recorded before were not). */
export async function hasFilterIndexes(ctx: TraceContext, alert: Alert): Promise<boolean> {
  const key = Keys.alertByStatusRaiser(ctx, alert.status, alert.raisedBy, alert.id);
  return (await readRecord(ctx, key)) !== undefined;
}

/**
 * Moves an alert's status-leading entries when its status changes. Call only for an alert that
 * {@link hasFilterIndexes}.
 */
export async function reindexAlertStatus(
  ctx: TraceContext,
  previous: Alert,
  updated: Alert,
): Promise<void> {
  if (previous.status === updated.status) {
    return;
  }
  for (const key of statusEntries(ctx, previous, previous.status)) {
    await deleteKey(ctx, key);
  }
  for (const key of statusEntries(ctx, updated, updated.status)) {
    await writeIndex(ctx, key);
  }
}

/**
 * Indexes up to `limit` alerts recorded before the filter indexes, those with an id after
 * `after` (empty: from the first), as if they were raised now, and counts an open flag of an
 * unknown serial against its raiser's bound (never refusing it: it is already there). Alerts
 * already indexed are skipped, so running it again changes nothing. An alert recorded before
 * alerts were cases also gets its manufacturers' entries (`scope=product`), whatever else it has.
 * Answers how many it indexed and the id to continue after, empty once every alert has been
 * looked at.
 */
export async function indexLegacyAlerts(
  ctx: TraceContext,
  after: string,
  limit: number,
): Promise<{ indexed: number; next: string }> {
  let indexed = 0;
  let next = '';
  let looked = 0;
  const iterator = await ctx.stub.getStateByPartialCompositeKey('alert', []);
  try {
    for (let result = await iterator.next(); !result.done; result = await iterator.next()) {
      const recorded = JSON.parse(
        Buffer.from(result.value.value).toString('utf8'),
      ) as RecordedAlert;
      if (recorded.id <= after) {
        continue;
      }
      if (looked === limit) {
        break;
      }
      looked += 1;
      next = recorded.id;
      const alert = await asCase(ctx, recorded);
      // An alert recorded before cases has no manufacturer entry, whatever its other indexes
      // (nor has one whose first step was taken since: a step does not index).
      for (const gln of alert.manufacturers) {
        const key = Keys.alertByManufacturer(ctx, gln, alert.id);
        if ((await readRecord(ctx, key)) === undefined) {
          await writeIndex(ctx, key);
        }
      }
      if (await hasFilterIndexes(ctx, alert)) {
        continue;
      }
      await indexNewAlert(ctx, alert);
      if (alert.status === 'open' && isUnknownFlag(alert)) {
        await countUnknownFlag(ctx, alert.raisedBy);
      }
      indexed += 1;
    }
  } finally {
    await iterator.close();
  }
  return { indexed, next: looked === limit ? next : '' };
}
