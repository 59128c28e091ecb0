import { canonicalJson } from '../ledger/canonical-json';
import { transactionTime } from '../ledger/transaction-time';
import type { TraceContext } from '../ledger/trace-context';
import type { HistoryEntry } from '../model/history-entry';
import type { LedgerEvent } from '../model/ledger-event';

/** Builds the history entry a changed record carries: who, what, when, in which transaction. */
export function historyEntry(
  ctx: TraceContext,
  by: string,
  fields: Omit<HistoryEntry, 'txId' | 'at' | 'by'>,
): HistoryEntry {
  return { ...fields, txId: ctx.stub.getTxID(), at: transactionTime(ctx).iso, by };
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

/**
 * Hands the pending event to the stub, addressed to the parties it names and then the added
 * audience (in the order added, the same on every peer); Fabric keeps only one chaincode event
 * per transaction.
 */
export function flushEvent(ctx: TraceContext): void {
  if (ctx.pendingEvent !== undefined) {
    const event: LedgerEvent = {
      ...ctx.pendingEvent,
      parties: [...new Set([...ctx.pendingEvent.parties, ...ctx.extraAudience])],
    };
    ctx.stub.setEvent(event.type, Buffer.from(canonicalJson(event), 'utf8'));
  }
}
