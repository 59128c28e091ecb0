import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { gs1CheckDigit } from '@packtrace/gs1';
import { loadEpcisSchema } from './epcis-schema';
import { as, EXPIRY, registerProduct, startGateway, type TestGateway } from './test-gateway';

/**
 * The set-up the EPCIS capture and query suites share: a gateway with GS1's example GTIN
 * registered, event times near the ledger's own time, GS1 Digital Link identifiers, events with
 * ids of the suite's own, documents and their capture. Each suite keeps its own events and
 * assertions; only how they are built lives here.
 */

/** GS1's example GTIN, which {@link startEpcisGateway} registers as the demo manufacturer's. */
export const GTIN = '09506000134352';
export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
/** The suites' batch expiry as EPCIS's `cbvmda:itemExpirationDate` (YYYY-MM-DD). */
export const EXPIRY_DATE = `20${EXPIRY.slice(0, 2)}-${EXPIRY.slice(2, 4)}-${EXPIRY.slice(4, 6)}`;
const HOUR = 3600 * 1000;

/** An EPCIS event as sent: its fields as JSON. */
export type EpcisEvent = Record<string, unknown>;

/** One event's outcome in a capture job. */
export interface CapturedEvent {
  readonly eventID: string;
  readonly status: string;
  readonly step?: string;
  readonly txId?: string;
  readonly error?: { readonly code: string; readonly message: string };
}

/**
 * Event times for a suite: hour `h` is `h` hours after a base `hoursAgo` hours before now, on
 * the hour, with no milliseconds. The ledger records events only near its own time (a year back
 * at most), so a suite counts from the recent past whatever day it runs.
 */
export function epcisClock(hoursAgo: number): (hour: number) => string {
  const base = Math.floor((Date.now() - hoursAgo * HOUR) / HOUR) * HOUR;
  return (hour) => new Date(base + hour * HOUR).toISOString().replace(/\.000Z$/, 'Z');
}

/** A pack of {@link GTIN} as a GS1 Digital Link URI. */
export const packUri = (serial: string): string => `https://id.gs1.org/01/${GTIN}/21/${serial}`;

/** An SSCC under the demo manufacturer's company prefix 9506000, from its serial reference. */
export function sscc(reference: string): string {
  const body = `09506000${reference.padStart(9, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
}

/** A case ({@link sscc}) as a GS1 Digital Link URI. */
export const caseUri = (reference: string): string => `https://id.gs1.org/00/${sscc(reference)}`;

/** A party (its GLN) as a GS1 Digital Link URI, as a source or destination names it. */
export const partyUri = (gln: string): string => `https://id.gs1.org/414/${gln}`;

/**
 * The event id `n` of a suite: `urn:uuid:<prefix>-0000-4000-8000-<n on 12 digits>`. Each suite
 * has its own prefix, so its ids are its own whatever else the ledger holds.
 */
export function eventIdOf(prefix: string, n: number | string): string {
  return `urn:uuid:${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** An event with its id and time (zone +00:00), then its own fields. */
export function stamped(eventID: string, eventTime: string, fields: EpcisEvent): EpcisEvent {
  return { eventID, eventTime, eventTimeZoneOffset: '+00:00', ...fields };
}

/** An ObjectEvent commissioning packs of {@link GTIN} into a lot expiring {@link EXPIRY_DATE}. */
export function commissioningFields(serials: readonly string[], lot: string): EpcisEvent {
  return {
    type: 'ObjectEvent',
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    epcList: serials.map(packUri),
    ilmd: { 'cbvmda:lotNumber': lot, 'cbvmda:itemExpirationDate': EXPIRY_DATE },
  };
}

/** An AggregationEvent packing children into a parent. */
export function packingFields(parentID: string, childEPCs: readonly string[]): EpcisEvent {
  return { type: 'AggregationEvent', action: 'ADD', bizStep: 'packing', parentID, childEPCs };
}

/** An ObjectEvent shipping items to a party (its GLN), the owning party at the destination. */
export function shippingFields(epcList: readonly string[], toGln: string): EpcisEvent {
  return {
    type: 'ObjectEvent',
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    epcList,
    destinationList: [{ type: 'owning_party', destination: partyUri(toGln) }],
  };
}

/** An EPCISDocument holding the events. */
export function epcisDocument(events: readonly EpcisEvent[], creationDate: string): EpcisEvent {
  return {
    '@context': [EPCIS_CONTEXT],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate,
    epcisBody: { eventList: events },
  };
}

/** Captures the events as one document as a demo user; answers each event's outcome (202 expected). */
export async function captureEvents(
  gw: TestGateway,
  user: string,
  events: readonly EpcisEvent[],
  creationDate: string,
): Promise<CapturedEvent[]> {
  const response = await as(gw, user)
    .post('/epcis/capture', epcisDocument(events, creationDate))
    .expect(202);
  return (response.body as { events: CapturedEvent[] }).events;
}

/** The events of an EPCIS query's answer. */
export function eventListOf(body: unknown): EpcisEvent[] {
  return (body as { epcisBody: { queryResults: { resultsBody: { eventList: EpcisEvent[] } } } })
    .epcisBody.queryResults.resultsBody.eventList;
}

/** A test gateway with GS1's example GTIN registered as the demo manufacturer's product. */
export async function startEpcisGateway(): Promise<TestGateway> {
  const gw = await startGateway();
  await registerProduct(gw);
  return gw;
}

/** A validator of GS1's EPCIS 2.0 JSON schema, for answers that must be documents it takes. */
export async function epcisSchemaValidator(): Promise<ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(await loadEpcisSchema());
}
