import { createHash } from 'node:crypto';
import { LedgerError } from '../ledger/ledger-error';
import type { TraceContext } from '../ledger/trace-context';
import type { ItemRef } from '../model/item-ref';
import type { LedgerEvent } from '../model/ledger-event';
import { findItem, refKey } from './items';

/** Longest EPCIS `eventID` accepted (a URI; GS1's hash-based ids are about 90 characters). */
export const MAX_EVENT_ID = 1000;

const EVENT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The key of a party's captured event. The `eventID` itself may be longer than a key part and
 * hold any URI character, so its SHA-256 stands for it; the record keeps the id itself.
 */
export function capturedEventKey(ctx: TraceContext, gln: string, eventId: string): string {
  const digest = createHash('sha256').update(eventId, 'utf8').digest('hex');
  return ctx.stub.createCompositeKey('epcis-capture', [gln, digest]);
}

/** An EPCIS `eventTime`: ISO 8601 with seconds and a zone, as the standard's schema asks. */
export function requireEventTime(value: string): string {
  if (!EVENT_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new LedgerError(
      'INVALID_ARGUMENT',
      'eventTime must be an ISO 8601 date-time with a time zone, e.g. 2026-11-22T10:00:00Z',
    );
  }
  return value;
}

/** A captured event's arguments: a JSON object of named fields, checked one by one. */
export class CaptureArguments {
  private constructor(private readonly fields: Readonly<Record<string, unknown>>) {}

  static of(value: unknown): CaptureArguments {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new LedgerError('INVALID_ARGUMENT', 'args must be a JSON object');
    }
    return new CaptureArguments(value as Record<string, unknown>);
  }

  text(name: string): string {
    const value = this.fields[name];
    if (typeof value !== 'string') {
      throw new LedgerError('INVALID_ARGUMENT', `args.${name} must be a string`);
    }
    return value;
  }

  /** A field handed on as the JSON argument the mapped transaction parses itself. */
  json(name: string): string {
    const value = this.fields[name];
    if (value === undefined) {
      throw new LedgerError('INVALID_ARGUMENT', `args.${name} is required`);
    }
    return JSON.stringify(value);
  }

  has(name: string): boolean {
    return this.fields[name] !== undefined;
  }
}

/**
 * The one shipment a receiving event's items travel in. EPCIS names what arrived, not the
 * ledger's shipment id, so the items' own records say: exactly one in-transit shipment.
 */
export async function shipmentOfItems(
  ctx: TraceContext,
  refs: readonly ItemRef[],
): Promise<string> {
  const shipments = new Set<string>();
  for (const ref of refs) {
    const item = await findItem(ctx, ref);
    if (item?.shipment !== null && item?.shipment !== undefined) {
      shipments.add(item.shipment);
    }
  }
  const [only, ...others] = [...shipments];
  if (only === undefined) {
    throw new LedgerError(
      'SHIPMENT_NOT_FOUND',
      'no item of this receiving event is travelling in a shipment',
    );
  }
  if (others.length > 0) {
    throw new LedgerError(
      'INVALID_ARGUMENT',
      `the items of this receiving event travel in ${shipments.size} shipments; capture one receiving event per shipment`,
      { shipments: [...shipments].sort() },
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
    throw new LedgerError(
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
