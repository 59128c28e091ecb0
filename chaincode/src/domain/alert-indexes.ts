import { Keys } from '../ledger/keys';
import { deleteKey, readRecord, writeIndex, writeRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { Alert, OpenAlertCount } from '../model/alert';
import { countUnknownFlag, isUnknownFlag } from './flag-quota';

/**
 * The indexes that let alert listings filter before they paginate (every entry under a listing's
 * key prefix is an answer, so no page comes back short or empty while more remain), and the
 * counts of open alerts per reporter and reason code (the regulator's grouping, read without
 * reading a single alert). An alert with several reasons is under each of them.
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

/** Adds `delta` to the open alerts counted for `raisedBy` and `code`; a count of 0 is removed. */
async function countOpen(
  ctx: TraceContext,
  raisedBy: string,
  code: string,
  delta: number,
): Promise<void> {
  const key = Keys.openAlertCount(ctx, raisedBy, code);
  const current = (await readRecord<OpenAlertCount>(ctx, key))?.open ?? 0;
  const open = Math.max(0, current + delta);
  if (open === 0) {
    await deleteKey(ctx, key);
  } else {
    await writeRecord(ctx, key, { raisedBy, code, open } satisfies OpenAlertCount);
  }
}

/** Writes a new alert's filter indexes and counts it, when open, under each of its reasons. */
export async function indexNewAlert(ctx: TraceContext, alert: Alert): Promise<void> {
  for (const gln of new Set(alert.custodians)) {
    await writeIndex(ctx, Keys.alertByHolder(ctx, gln, alert.id));
  }
  for (const key of statusEntries(ctx, alert, alert.status)) {
    await writeIndex(ctx, key);
  }
  if (alert.status === 'open') {
    for (const code of new Set(alert.reasons)) {
      await countOpen(ctx, alert.raisedBy, code, +1);
    }
  }
}

/** Whether an alert was recorded with the filter indexes (those recorded before were not). */
export async function hasFilterIndexes(ctx: TraceContext, alert: Alert): Promise<boolean> {
  const key = Keys.alertByStatusRaiser(ctx, alert.status, alert.raisedBy, alert.id);
  return (await readRecord(ctx, key)) !== undefined;
}

/**
 * Moves an alert's status-leading entries when its status changes, and takes it out of the open
 * counts once it is resolved. Call only for an alert that {@link hasFilterIndexes}.
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
  if (previous.status === 'open') {
    for (const code of new Set(previous.reasons)) {
      await countOpen(ctx, previous.raisedBy, code, -1);
    }
  }
}

/**
 * Indexes up to `limit` alerts recorded before the filter indexes, those with an id after
 * `after` (empty: from the first), as if they were raised now, and counts an open flag of an
 * unknown serial against its raiser's bound (never refusing it: it is already there). Alerts
 * already indexed are skipped, so running it again changes nothing. Answers how many it indexed
 * and the id to continue after, empty once every alert has been looked at.
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
      const recorded = JSON.parse(Buffer.from(result.value.value).toString('utf8')) as Alert;
      if (recorded.id <= after) {
        continue;
      }
      if (looked === limit) {
        break;
      }
      looked += 1;
      next = recorded.id;
      const alert: Alert = { ...recorded, custodians: recorded.custodians ?? [] };
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
