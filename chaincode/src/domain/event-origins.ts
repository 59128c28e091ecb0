import { Keys } from '../ledger/keys';
import { readRecord, writeRecord } from '../ledger/state';
import { transactionTime } from '../ledger/transaction-time';
import type { TraceContext } from '../ledger/trace-context';
import type { CapturedEvent } from '../model/epcis-capture';
import type { EventOrigin } from '../model/event-origin';
import { eventIdDigest } from './epcis-capture';

/**
 * Writes, for each event id the transaction stamped, which party recorded it: the ledger must
 * know who may later declare the event in error, and a name-based id cannot be turned back
 * into its transaction.
 */
export async function recordEventOrigins(ctx: TraceContext): Promise<void> {
  if (ctx.stampedEventIds.size === 0) {
    return;
  }
  const txId = ctx.stub.getTxID();
  const at = transactionTime(ctx).iso;
  // Sorted: every peer writes the same keys in the same order.
  for (const [eventId, by] of [...ctx.stampedEventIds].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const origin: EventOrigin = { docType: 'event-origin', eventId, by, txId, at };
    await writeRecord(ctx, Keys.eventOrigin(ctx, eventIdDigest(eventId), by), origin);
  }
}

/**
 * The record that `gln` recorded the event with this id, if it did: its origin record, or for
 * an event captured before origins were written, its capture record.
 */
export async function ownEventOrigin(
  ctx: TraceContext,
  eventId: string,
  gln: string,
): Promise<EventOrigin | undefined> {
  const digest = eventIdDigest(eventId);
  const origin = await readRecord<EventOrigin>(ctx, Keys.eventOrigin(ctx, digest, gln));
  if (origin !== undefined) {
    return origin;
  }
  const captured = await readRecord<CapturedEvent>(ctx, Keys.capturedEvent(ctx, gln, digest));
  return captured === undefined
    ? undefined
    : { docType: 'event-origin', eventId, by: gln, txId: captured.txId, at: captured.at };
}

/** Whether any party recorded an event with this id. */
export async function anyEventOrigin(ctx: TraceContext, eventId: string): Promise<boolean> {
  const iterator = await ctx.stub.getStateByPartialCompositeKey(
    'event-origin',
    Keys.partial([eventIdDigest(eventId)]),
  );
  try {
    const first = await iterator.next();
    return !first.done;
  } finally {
    await iterator.close();
  }
}
