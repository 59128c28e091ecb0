import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import type { TraceContext } from '../ledger/trace-context';
import {
  WHOLE_DOCUMENT_MAX_EVENTS,
  WHOLE_DOCUMENT_MAX_IDENTIFIERS,
  WHOLE_DOCUMENT_MAX_MOVED,
} from '../model/document-capture';
import type { EpcisFields, LedgerEvent } from '../model/ledger-event';
import { stampedFields } from './ledger-events';

/*
 * A document captured whole (`epcis:CaptureDocument`): its events run one after the other in
 * one transaction, each exactly as `epcis:CaptureEvent` runs it, so a later event sees what an
 * earlier one wrote and any refusal refuses them all. What one transaction may hold bounds it.
 */

/** One event of a document, as the gateway mapped it (the arguments of `CaptureEvent`). */
export interface DocumentEvent {
  readonly eventId: string;
  readonly eventTime: string;
  readonly step: string;
  readonly args: unknown;
}

/** Largest `events` argument: a document the gateway takes (2 MB) mapped, with room to spare. */
export const WHOLE_DOCUMENT_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Steps that name what they create by the transaction's id (a shipment, a receipt's alert), so
 * a transaction may hold one of each.
 */
const ONCE_PER_TRANSACTION = new Set(['shipping', 'receiving']);

function refuseAt(index: number, eventId: string, message: string, limit = false): never {
  throw new ChaincodeRefusal(
    limit ? 'LIMIT_EXCEEDED' : 'INVALID_ARGUMENT',
    `event ${index} (${eventId}) of the document: ${message}; nothing of the document was recorded`,
    { event: { index, eventId } },
  );
}

function field(args: unknown, name: string): unknown {
  return args !== null && typeof args === 'object' ? (args as Record<string, unknown>)[name] : '';
}

/** How many identifiers an event's arguments list (every list among its fields). */
function identifiersOf(args: unknown): number {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    return 0;
  }
  return Object.values(args).reduce<number>(
    (sum, value) => sum + (Array.isArray(value) ? value.length : 0),
    0,
  );
}

/**
 * Reads the document's events and checks, before any of them runs, what only a whole document
 * can break: its size, one shipping and one receiving event at most (each names what it
 * creates by the transaction's id), and one commissioning event per batch (a batch's serials
 * are stored per transaction).
 */
export function parseDocumentEvents(value: unknown): DocumentEvent[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ChaincodeRefusal('INVALID_ARGUMENT', 'events must be a non-empty JSON array');
  }
  if (value.length > WHOLE_DOCUMENT_MAX_EVENTS) {
    throw new ChaincodeRefusal(
      'LIMIT_EXCEEDED',
      `a document captured whole holds at most ${WHOLE_DOCUMENT_MAX_EVENTS} events, got ${value.length}`,
      { limit: WHOLE_DOCUMENT_MAX_EVENTS, found: value.length },
    );
  }
  const events: DocumentEvent[] = [];
  const seenSteps = new Map<string, number>();
  const batches = new Map<string, number>();
  let identifiers = 0;
  let moved = 0;
  value.forEach((entry: unknown, index) => {
    const eventId = field(entry, 'eventId');
    const eventTime = field(entry, 'eventTime');
    const step = field(entry, 'step');
    const args = field(entry, 'args');
    if (typeof eventId !== 'string' || typeof eventTime !== 'string' || typeof step !== 'string') {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        `events[${index}] must be an object with eventId, eventTime and step strings and args`,
        { event: { index } },
      );
    }
    const earlier = seenSteps.get(step);
    if (ONCE_PER_TRANSACTION.has(step) && earlier !== undefined) {
      refuseAt(
        index,
        eventId,
        `a document captured whole may hold one ${step} event (event ${earlier} is one): capture the others in documents of their own, or with GS1-Capture-Error-Behaviour proceed`,
      );
    }
    seenSteps.set(step, index);
    if (step === 'commissioning') {
      const batch = JSON.stringify([field(args, 'gtin'), field(args, 'lot')]);
      const first = batches.get(batch);
      if (first !== undefined) {
        refuseAt(
          index,
          eventId,
          `it commissions the batch event ${first} commissions: a document captured whole commissions a batch in one event`,
        );
      }
      batches.set(batch, index);
    }
    const count = identifiersOf(args);
    identifiers += count;
    moved += step === 'commissioning' ? 0 : count;
    if (identifiers > WHOLE_DOCUMENT_MAX_IDENTIFIERS) {
      refuseAt(
        index,
        eventId,
        `the document's events name more than ${WHOLE_DOCUMENT_MAX_IDENTIFIERS} identifiers in all`,
        true,
      );
    }
    if (moved > WHOLE_DOCUMENT_MAX_MOVED) {
      refuseAt(
        index,
        eventId,
        `the document's events other than commissioning name more than ${WHOLE_DOCUMENT_MAX_MOVED} identifiers in all`,
        true,
      );
    }
    events.push({ eventId, eventTime, step, args });
  });
  return events;
}

/**
 * The refusal of a document whose event `index` was refused: the ledger's own code and
 * details, the event named (its index and id) in the message and the details.
 */
export function documentRefusal(
  refusal: ChaincodeRefusal,
  index: number,
  eventId: string,
): ChaincodeRefusal {
  return new ChaincodeRefusal(
    refusal.code,
    `event ${index} (${eventId}) of the document was refused: ${refusal.body.message}; nothing of the document was recorded`,
    { ...refusal.body.details, event: { index, eventId } },
  );
}

/**
 * Collects the ledger events of a document's events as they run: Fabric keeps one chaincode
 * event per transaction, so each event's EPCIS field sets are stamped with their own ids and
 * times now (ctx carries one captured id at a time), and the transaction emits them together.
 */
export class DocumentEvents {
  private readonly events: LedgerEvent[] = [];
  private readonly fields: EpcisFields[] = [];
  private emitted = 0;
  private audienceBefore = 0;

  /** Marks where the next event begins: the audience it adds is its own. */
  begin(ctx: TraceContext): void {
    this.audienceBefore = ctx.extraAudience.size;
  }

  /**
   * Takes what the event just run emitted, stamped as that captured event's, each field set
   * with the parties that event concerns (the transaction's audience is all of theirs, and a
   * party sees only its own events: event-visibility.ts in the gateway).
   */
  take(ctx: TraceContext, eventId: string, eventTime: string): void {
    const event = ctx.pendingEvent;
    ctx.pendingEvent = undefined;
    if (event === undefined) {
      return;
    }
    const parties = [
      ...new Set([...event.parties, ...[...ctx.extraAudience].slice(this.audienceBefore)]),
    ];
    const stamped = stampedFields(event, eventId, this.emitted).map((fields) => ({
      ...fields,
      ...(fields.eventID === eventId ? { eventTime } : {}),
      parties,
    }));
    this.emitted += event.epcis.length;
    this.events.push(event);
    this.fields.push(...stamped);
  }

  /**
   * The transaction's one ledger event: a single event's own type and subject, or, for
   * several, `EpcisDocumentCaptured` with their subjects together and the number of events;
   * every EPCIS field set in the document's order, and every party any of them concerns.
   */
  merged(): LedgerEvent | undefined {
    const [first, ...rest] = this.events;
    if (first === undefined) {
      return undefined;
    }
    const subject: Record<string, string> = {};
    for (const event of this.events) {
      Object.assign(subject, event.subject);
    }
    // Several events: none is "the" captured one; each field set carries its own id and time.
    return {
      type: rest.every((event) => event.type === first.type) ? first.type : 'EpcisDocumentCaptured',
      txId: first.txId,
      eventTime: first.eventTime,
      by: first.by,
      parties: [...new Set(this.events.flatMap((event) => event.parties))],
      epcis: this.fields,
      subject:
        rest.length === 0
          ? first.subject
          : { ...subject, documentEvents: String(this.events.length) },
    };
  }
}
