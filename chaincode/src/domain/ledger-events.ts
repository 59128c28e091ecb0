import { canonicalJson } from '../ledger/canonical-json';
import { transactionTime } from '../ledger/transaction-time';
import type { TraceContext } from '../ledger/trace-context';
import type { HistoryEntry } from '../model/history-entry';
import type { EpcisFields, LedgerEvent } from '../model/ledger-event';
import { platformEventId } from './event-ids';
import { recordEventOrigins } from './event-origins';

/**
 * The id of the EPCIS event the running transaction records: the sender's own while a captured
 * event is recorded, otherwise the name-based id of the transaction's first event.
 */
export function currentEventId(ctx: TraceContext): string {
  return ctx.capturedEventId ?? platformEventId(ctx.stub.getTxID(), 0);
}

/**
 * Builds the history entry a changed record carries: who, what, when, in which transaction and
 * as which EPCIS event.
 */
export function historyEntry(
  ctx: TraceContext,
  by: string,
  fields: Omit<HistoryEntry, 'txId' | 'at' | 'by' | 'eventId'>,
): HistoryEntry {
  const eventId = currentEventId(ctx);
  ctx.stampedEventIds.set(eventId, ctx.stampedEventIds.get(eventId) ?? by);
  return { ...fields, txId: ctx.stub.getTxID(), at: transactionTime(ctx).iso, by, eventId };
}

/** Records the transaction's business event; it is emitted when the transaction completes. */
export function emitEvent(ctx: TraceContext, event: Omit<LedgerEvent, 'txId' | 'eventTime'>): void {
  ctx.pendingEvent = { ...event, txId: ctx.stub.getTxID(), eventTime: transactionTime(ctx).iso };
}

/**
 * Adds parties the transaction's event must reach, whatever event the transaction emits: Fabric
 * keeps one chaincode event per transaction, so everyone concerned is in its audience.
 */
export function addAudience(ctx: TraceContext, parties: Iterable<string>): void {
  for (const party of parties) {
    ctx.extraAudience.add(party);
  }
}

/** The field set without what differs between the packs of one captured event. */
function sharedPart(fields: EpcisFields): string {
  return canonicalJson({ ...fields, epcList: null, eventID: null });
}

/** Whether two field sets differ in their packs alone (and in whether an id is stamped yet). */
function sameExceptEpcList(a: EpcisFields, b: EpcisFields): boolean {
  return a.epcList !== undefined && b.epcList !== undefined && sharedPart(a) === sharedPart(b);
}

/**
 * Gives each EPCIS event of the transaction its id. A captured event (`captured`, its id) keeps
 * its sender's; when it acted on several packs one at a time (a dispensing or decommissioning
 * event), their field sets become that one event again, with every pack in its `epcList`. Any
 * other event is named by transaction id and position, counted from `firstIndex` (a document
 * captured in one transaction stamps each of its events in turn).
 */
export function stampedFields(
  event: LedgerEvent,
  captured: string | undefined,
  firstIndex = 0,
): EpcisFields[] {
  const stamped: EpcisFields[] = [];
  event.epcis.forEach((fields, index) => {
    const first = stamped[0];
    if (captured !== undefined && first !== undefined && sameExceptEpcList(first, fields)) {
      stamped[0] = { ...first, epcList: [...(first.epcList ?? []), ...(fields.epcList ?? [])] };
      return;
    }
    const eventID =
      fields.eventID ??
      (captured !== undefined && index === 0
        ? captured
        : platformEventId(event.txId, firstIndex + index));
    stamped.push({ ...fields, eventID });
  });
  return stamped;
}

/**
 * Hands the pending event to the stub, each EPCIS event stamped with its id and addressed to
 * the parties it names and then the added audience (in the order added, the same on every
 * peer); Fabric keeps only one chaincode event per transaction. Records which party recorded
 * each stamped id, for error declarations.
 */
export async function flushEvent(ctx: TraceContext): Promise<void> {
  if (ctx.pendingEvent !== undefined) {
    const epcis = stampedFields(
      ctx.pendingEvent,
      ctx.capturedEventId ?? ctx.pendingEvent.captured?.eventId,
    );
    const event: LedgerEvent = {
      ...ctx.pendingEvent,
      epcis,
      parties: [...new Set([...ctx.pendingEvent.parties, ...ctx.extraAudience])],
    };
    for (const fields of epcis) {
      if (fields.eventID !== undefined && !ctx.stampedEventIds.has(fields.eventID)) {
        ctx.stampedEventIds.set(fields.eventID, event.by);
      }
    }
    ctx.stub.setEvent(event.type, Buffer.from(canonicalJson(event), 'utf8'));
  }
  await recordEventOrigins(ctx);
}
