import { canonicalJson } from '../ledger/canonical-json';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { readRecord, writeRecord } from '../ledger/state';
import { transactionTime } from '../ledger/transaction-time';
import type { TraceContext } from '../ledger/trace-context';
import type { ErrorDeclaration, EventErrorDeclaration } from '../model/event-error-declaration';
import type { HistoryEntry } from '../model/history-entry';
import { eventIdDigest } from './epcis-capture';
import { platformEventId } from './event-ids';
import { anyEventOrigin, ownEventOrigin } from './event-origins';
import { currentEventId } from './ledger-events';

/** CBV 2.0's error reasons (a declarer may also give a URI of its own). */
export const CBV_ERROR_REASONS = ['did_not_occur', 'incorrect_data'] as const;

function content(declaration: ErrorDeclaration): string {
  return canonicalJson({
    declarationTime: declaration.declarationTime,
    reason: declaration.reason ?? null,
    correctiveEventIDs: declaration.correctiveEventIDs,
  });
}

/**
 * Writes `by`'s error declaration on the event `eventId`. The same declaration again is
 * refused `ERROR_ALREADY_DECLARED` (nothing changes; the first transaction is named); another
 * one on the same event `ERROR_DECLARATION_CONFLICT`: a declaration is not amended.
 */
export async function writeErrorDeclaration(
  ctx: TraceContext,
  by: string,
  eventId: string,
  declaration: ErrorDeclaration,
): Promise<EventErrorDeclaration> {
  const key = Keys.eventErrorDeclaration(ctx, eventIdDigest(eventId), by);
  const earlier = await readRecord<EventErrorDeclaration>(ctx, key);
  if (earlier !== undefined) {
    const details = { eventId, txId: earlier.txId, at: earlier.at };
    if (content(earlier) === content(declaration)) {
      throw new ChaincodeRefusal(
        'ERROR_ALREADY_DECLARED',
        `this error was already declared on event ${eventId}, in transaction ${earlier.txId}`,
        details,
      );
    }
    throw new ChaincodeRefusal(
      'ERROR_DECLARATION_CONFLICT',
      `an error with other content was already declared on event ${eventId} (transaction ${earlier.txId}); a declaration is not amended`,
      details,
    );
  }
  const record: EventErrorDeclaration = {
    docType: 'event-error-declaration',
    eventId,
    by,
    declarationTime: declaration.declarationTime,
    ...(declaration.reason === undefined ? {} : { reason: declaration.reason }),
    correctiveEventIDs: [...declaration.correctiveEventIDs],
    txId: ctx.stub.getTxID(),
    at: transactionTime(ctx).iso,
  };
  await writeRecord(ctx, key, record);
  return record;
}

/**
 * A party's declaration that an event it recorded is in error. Only the party that recorded
 * the event may declare it: another's is refused `NOT_PERMITTED`, an id no one recorded
 * `EVENT_NOT_FOUND`.
 */
export async function declareEventError(
  ctx: TraceContext,
  by: string,
  eventId: string,
  declaration: ErrorDeclaration,
): Promise<EventErrorDeclaration> {
  if ((await ownEventOrigin(ctx, eventId, by)) === undefined) {
    if (await anyEventOrigin(ctx, eventId)) {
      throw new ChaincodeRefusal(
        'NOT_PERMITTED',
        `event ${eventId} was recorded by another party; only the party that recorded an event may declare it in error`,
        { eventId },
      );
    }
    throw new ChaincodeRefusal('EVENT_NOT_FOUND', `no event ${eventId} is recorded on the ledger`, {
      eventId,
    });
  }
  return writeErrorDeclaration(ctx, by, eventId, declaration);
}

/**
 * The id of the event a transaction recorded, from the history entries it wrote: the entries
 * carry it; one written before ids were stamped stands for the name-based id.
 */
export function eventIdOfTransaction(txId: string, entries: readonly HistoryEntry[]): string {
  const entry = entries.find((candidate) => candidate.txId === txId);
  return entry?.eventId ?? platformEventId(txId, 0);
}

/**
 * The ledger's own correction of an earlier event (a cancelled shipment, an undone
 * decommission) as an EPCIS error declaration on it, declared now, with this transaction's
 * event as the corrective event. The transaction has already checked that `by` may correct
 * it. An event declared in error before (one event that decommissioned several packs, undone
 * pack by pack) keeps its declaration, which names this corrective event too.
 */
export async function declareCorrection(
  ctx: TraceContext,
  by: string,
  eventId: string,
  reason: (typeof CBV_ERROR_REASONS)[number],
): Promise<EventErrorDeclaration> {
  const corrective = currentEventId(ctx);
  const key = Keys.eventErrorDeclaration(ctx, eventIdDigest(eventId), by);
  const earlier = await readRecord<EventErrorDeclaration>(ctx, key);
  if (earlier === undefined) {
    return writeErrorDeclaration(ctx, by, eventId, {
      declarationTime: transactionTime(ctx).iso,
      reason,
      correctiveEventIDs: [corrective],
    });
  }
  if (earlier.correctiveEventIDs.includes(corrective)) {
    return earlier;
  }
  const extended: EventErrorDeclaration = {
    ...earlier,
    correctiveEventIDs: [...earlier.correctiveEventIDs, corrective],
  };
  await writeRecord(ctx, key, extended);
  return extended;
}

/**
 * The error declared on each of these events, by event id; events without one are left out.
 * Should two parties have recorded events under one id, the first declaration found answers.
 */
export async function errorDeclarationsOf(
  ctx: TraceContext,
  eventIds: readonly string[],
): Promise<Record<string, EventErrorDeclaration>> {
  const found: Record<string, EventErrorDeclaration> = {};
  for (const eventId of new Set(eventIds)) {
    const iterator = await ctx.stub.getStateByPartialCompositeKey(
      'event-error',
      Keys.partial([eventIdDigest(eventId)]),
    );
    try {
      const first = await iterator.next();
      if (!first.done) {
        found[eventId] = JSON.parse(
          Buffer.from(first.value.value).toString('utf8'),
        ) as EventErrorDeclaration;
      }
    } finally {
      await iterator.close();
    }
  }
  return found;
}
