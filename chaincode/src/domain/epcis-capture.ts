import { createHash } from 'node:crypto';
import { canonicalJson } from '../ledger/canonical-json';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import type { TraceContext } from '../ledger/trace-context';
import type { CapturedEvent } from '../model/epcis-capture';
import type { ItemRef } from '../model/item-ref';
import type { EpcisFields, LedgerEvent } from '../model/ledger-event';
import { EVENT_TIME_MAX_AHEAD_MINUTES, EVENT_TIME_MAX_BEHIND_DAYS } from '../model/limits';
import { itemUri } from './epcis-identifiers';
import { findItem, refKey, requireContainer } from './items';

/** Longest EPCIS `eventID` accepted (a URI; GS1's hash-based ids are about 90 characters). */
export const MAX_EVENT_ID = 1000;

const EVENT_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * The SHA-256 that stands for an `eventID` in its capture record's key: the id itself may be
 * longer than a key part and hold any URI character; the record keeps the id itself.
 */
export function eventIdDigest(eventId: string): string {
  return createHash('sha256').update(eventId, 'utf8').digest('hex');
}

/**
 * The digest of what a captured event asks of the ledger: its time, business step and mapped
 * arguments, in canonical JSON. Computed here from what the transaction received, so it does
 * not depend on anything the caller claims about the event; the gateway puts a digest of the
 * whole EPCIS event into `args` as well, so fields the ledger does not act on count too.
 */
export function captureContentDigest(eventTime: string, step: string, args: unknown): string {
  const content = canonicalJson({ eventTime, step, args });
  return `sha-256:${createHash('sha256').update(content, 'utf8').digest('hex')}`;
}

/**
 * What a second capture of an event id is: the same event again (nothing to do), or another
 * event under an id already used, which is refused. A record written before digests were kept
 * is compared on what it has, its business step and time; matching those it counts as the same.
 */
export function refuseRecapture(
  earlier: CapturedEvent,
  eventTime: string,
  step: string,
  contentDigest: string,
): never {
  const same =
    earlier.contentDigest === undefined
      ? earlier.step === step && earlier.eventTime === eventTime
      : earlier.contentDigest === contentDigest;
  const details = { eventId: earlier.eventId, txId: earlier.txId, at: earlier.at };
  if (same) {
    throw new ChaincodeRefusal(
      'EVENT_ALREADY_CAPTURED',
      `event ${earlier.eventId} was already captured, in transaction ${earlier.txId}`,
      details,
    );
  }
  throw new ChaincodeRefusal(
    'EVENT_ID_REUSED',
    `event id ${earlier.eventId} was already captured for another event (transaction ${earlier.txId}); an event id names one event: give this event its own id, or declare an error on the first`,
    details,
  );
}

/**
 * An EPCIS `eventTime`: ISO 8601 with seconds and a zone of at most ±14:00, as the standard's
 * schema asks. Its place in time is checked by {@link requireEventTimeNear}.
 */
export function requireEventTime(value: string): string {
  const match = EVENT_TIME.exec(value);
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, zoneH = 0, zoneM = 0] = (
    match ?? []
  )
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  // Date.parse rolls 31 February over into March; the calendar date must exist as written.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const valid =
    match !== null &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    zoneM <= 59 &&
    zoneH * 60 + zoneM <= 14 * 60 &&
    !Number.isNaN(Date.parse(value));
  if (!valid) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      'eventTime must be an ISO 8601 date-time with a time zone of at most ±14:00, e.g. 2026-11-22T10:00:00Z',
    );
  }
  return value;
}

/**
 * Refuses an event time far from the transaction's own: later than the transaction by more than
 * a clock's drift, or earlier by more than a year of back-filling. The refusal names the bound
 * crossed and the value, so the sender can tell a wrong clock from a wrong year.
 */
export function requireEventTimeNear(eventTime: string, transactionMillis: number): void {
  const at = Date.parse(eventTime);
  const latest = transactionMillis + EVENT_TIME_MAX_AHEAD_MINUTES * MINUTE_MS;
  const earliest = transactionMillis - EVENT_TIME_MAX_BEHIND_DAYS * DAY_MS;
  const recordedAt = new Date(transactionMillis).toISOString();
  if (at > latest) {
    throw new ChaincodeRefusal(
      'EVENT_TIME_OUT_OF_RANGE',
      `eventTime ${eventTime} is more than ${EVENT_TIME_MAX_AHEAD_MINUTES} minutes after the time it is recorded (${recordedAt}); an event cannot be recorded before it happens`,
      { eventTime, bound: 'latest', limit: new Date(latest).toISOString() },
    );
  }
  if (at < earliest) {
    throw new ChaincodeRefusal(
      'EVENT_TIME_OUT_OF_RANGE',
      `eventTime ${eventTime} is more than ${EVENT_TIME_MAX_BEHIND_DAYS} days before the time it is recorded (${recordedAt}); the ledger takes back-filled events of the past ${EVENT_TIME_MAX_BEHIND_DAYS} days only`,
      { eventTime, bound: 'earliest', limit: new Date(earliest).toISOString() },
    );
  }
}

/** A captured event's arguments: a JSON object of named fields, checked one by one. */
export class CaptureArguments {
  private constructor(private readonly fields: Readonly<Record<string, unknown>>) {}

  static of(value: unknown): CaptureArguments {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ChaincodeRefusal('INVALID_ARGUMENT', 'args must be a JSON object');
    }
    return new CaptureArguments(value as Record<string, unknown>);
  }

  text(name: string): string {
    const value = this.fields[name];
    if (typeof value !== 'string') {
      throw new ChaincodeRefusal('INVALID_ARGUMENT', `args.${name} must be a string`);
    }
    return value;
  }

  /** A field handed on as the JSON argument the mapped transaction parses itself. */
  json(name: string): string {
    const value = this.fields[name];
    if (value === undefined) {
      throw new ChaincodeRefusal('INVALID_ARGUMENT', `args.${name} is required`);
    }
    return JSON.stringify(value);
  }

  /** A field as the JSON value it is, for a transaction that checks its shape itself. */
  value(name: string): unknown {
    const value = this.fields[name];
    if (value === undefined) {
      throw new ChaincodeRefusal('INVALID_ARGUMENT', `args.${name} is required`);
    }
    return value;
  }

  has(name: string): boolean {
    return this.fields[name] !== undefined;
  }
}

/**
 * The one shipment a receiving event's items travel in. EPCIS names what arrived, not the
 * ledger's shipment id, so the items' own records say: exactly one in-transit shipment. When
 * none of them travels, the shipment they were last received from (if they name one) answers,
 * so that receiving an item again is refused as such (ALREADY_RECEIVED) rather than as no
 * shipment at all.
 */
export async function shipmentOfItems(
  ctx: TraceContext,
  refs: readonly ItemRef[],
): Promise<string> {
  const shipments = new Set<string>();
  const receivedFrom = new Set<string>();
  for (const ref of refs) {
    const item = await findItem(ctx, ref);
    if (item === undefined) {
      continue;
    }
    if (item.shipment !== null) {
      shipments.add(item.shipment);
    } else if (item.lastEvent.action === 'received' && item.lastEvent.shipment !== undefined) {
      receivedFrom.add(item.lastEvent.shipment);
    }
  }
  const candidates = shipments.size > 0 ? shipments : receivedFrom;
  const [only, ...others] = [...candidates];
  if (only === undefined) {
    throw new ChaincodeRefusal(
      'SHIPMENT_NOT_FOUND',
      'no item of this receiving event is travelling in a shipment',
    );
  }
  if (others.length > 0) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `the items of this receiving event travel in ${candidates.size} shipments; capture one receiving event per shipment`,
      { shipments: [...candidates].sort() },
    );
  }
  return only;
}

/** Refuses an unpacking event that lists children other than all of the container's. */
export function checkWholeUnpack(
  sscc: string,
  children: readonly ItemRef[],
  listed: readonly ItemRef[],
): void {
  const held = new Set(children.map(refKey));
  const named = new Set(listed.map(refKey));
  if (listed.length > 0 && (held.size !== named.size || [...named].some((k) => !held.has(k)))) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `an unpacking event opens container ${sscc} whole: list all of its children, or none`,
    );
  }
}

/**
 * One event for a transaction that ran the same step on several packs: Fabric keeps one
 * chaincode event per transaction, so their EPCIS fields and audiences are merged.
 */
export function mergeEvents(events: readonly LedgerEvent[]): LedgerEvent | undefined {
  const [first, ...rest] = events;
  if (first === undefined || rest.length === 0) {
    return first;
  }
  return {
    ...first,
    parties: [...new Set(events.flatMap((e) => e.parties))],
    epcis: events.flatMap((e) => e.epcis),
    subject: { ...first.subject, packs: String(events.length) },
  };
}

/**
 * What an AggregationEvent observed at receiving names: one container the shipment carries
 * (`parentID`) and, optionally, what it saw inside (`childEPCs`). Each child named must be in
 * the container as the ledger has it; a child it does not hold contradicts the ledger and is
 * refused (INVALID_AGGREGATION). Receiving the container receives what it holds.
 */
export async function observedContainer(
  ctx: TraceContext,
  refs: readonly ItemRef[],
  children: readonly ItemRef[],
): Promise<{ parent: ItemRef; children: readonly ItemRef[] }> {
  const [parent, ...others] = refs;
  if (parent?.type !== 'container' || others.length > 0) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      'a receiving event that names children receives one container, their parent',
    );
  }
  const container = await requireContainer(ctx, parent.sscc);
  const held = new Set(container.children.map(refKey));
  const stranger = children.find((child) => !held.has(refKey(child)));
  if (stranger !== undefined) {
    throw new ChaincodeRefusal(
      'INVALID_AGGREGATION',
      `container ${parent.sscc} does not hold ${refKey(stranger)}; childEPCs must name what it holds`,
      { container: parent.sscc },
    );
  }
  return { parent, children };
}

/**
 * The receipt's ledger event told as the EPCIS event it was captured as: an AggregationEvent
 * observing the container and its children at receiving.
 */
export function asAggregationReceipt(
  event: LedgerEvent | undefined,
  observed: { parent: ItemRef; children: readonly ItemRef[] },
): LedgerEvent | undefined {
  if (event === undefined) {
    return undefined;
  }
  return {
    ...event,
    epcis: event.epcis.map((fields) => {
      // The container stands for what was received: its children are named, not listed.
      const rest = Object.fromEntries(
        Object.entries(fields).filter(([key]) => key !== 'epcList'),
      ) as Omit<EpcisFields, 'epcList'>;
      return {
        ...rest,
        eventType: 'AggregationEvent',
        parentID: itemUri(observed.parent),
        childEPCs: observed.children.map(itemUri),
      } satisfies EpcisFields;
    }),
  };
}
