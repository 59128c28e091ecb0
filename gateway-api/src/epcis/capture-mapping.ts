import { createHash } from 'node:crypto';
import {
  canonicalJson,
  containerUri,
  packUri,
  type CaptureStep,
  type ItemRef,
} from '@packtrace/chaincode/client';
import { cbvTerm, glnOf, itemOfEpc } from './epcis-identifiers';

/** The ledger call one captured EPCIS event maps to: `epcis:CaptureEvent`'s arguments. */
export interface CaptureCall {
  readonly eventId: string;
  readonly eventTime: string;
  readonly step: CaptureStep;
  readonly args: Readonly<Record<string, unknown>>;
}

/** Why an event cannot be mapped to a ledger transaction at all (nothing is sent). */
export interface MappingRefusal {
  readonly eventId: string;
  readonly code: 'EPCIS_EVENT_UNSUPPORTED' | 'INVALID_IDENTIFIER' | 'INVALID_EVENT';
  readonly message: string;
}

export type EventMapping =
  | { readonly kind: 'call'; readonly call: CaptureCall }
  | { readonly kind: 'refused'; readonly refusal: MappingRefusal };

type EpcisEvent = Readonly<Record<string, unknown>>;

/** How a decommissioning event's disposition names the ledger's reason (CBV 2.0 terms). */
const DECOMMISSION_REASON: Readonly<Record<string, string>> = {
  destroyed: 'destroyed',
  stolen: 'stolen',
  sellable_not_accessible: 'locked',
  // CBV has one disposition for packs leaving circulation otherwise; the ledger's commonest
  // such reason stands for it (see docs/epcis.md).
  inactive: 'exported',
};

class Refused extends Error {
  constructor(
    readonly code: MappingRefusal['code'],
    message: string,
  ) {
    super(message);
  }
}

/**
 * The SHA-256 (hex) of the event's canonical JSON without `recordTime`, which is when a
 * repository recorded the event, not part of the event itself. Not GS1's canonical event hash:
 * the same event spelt differently (URNs instead of Digital Links) gets another digest.
 */
export function eventContentDigest(event: EpcisEvent): string {
  const rest = Object.fromEntries(Object.entries(event).filter(([key]) => key !== 'recordTime'));
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}

/**
 * The event's id: its own `eventID`, or else a digest of the event itself, so that the same
 * event posted again is known as the same.
 */
export function eventIdOf(event: EpcisEvent, digest?: string): string {
  const id = event['eventID'];
  if (typeof id === 'string' && id.length > 0) {
    return id;
  }
  return `urn:packtrace:event-digest:sha-256:${digest ?? eventContentDigest(event)}`;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function items(epcs: readonly string[], field: string): ItemRef[] {
  if (epcs.length === 0) {
    throw new Refused('INVALID_EVENT', `${field} must name at least one pack or container`);
  }
  return epcs.map((epc) => {
    const item = itemOfEpc(epc);
    if (item === undefined) {
      throw new Refused(
        'INVALID_IDENTIFIER',
        `${field}: ${epc} is not a valid SGTIN or SSCC (GS1 Digital Link URI or EPC URN)`,
      );
    }
    return item;
  });
}

function packs(epcs: readonly string[], field: string): ItemRef[] {
  const refs = items(epcs, field);
  if (refs.some((ref) => ref.type !== 'pack')) {
    throw new Refused('INVALID_EVENT', `${field} must name packs (SGTINs) only`);
  }
  return refs;
}

function destinationGln(event: EpcisEvent): string {
  const list = Array.isArray(event['destinationList'])
    ? (event['destinationList'] as Array<Record<string, unknown>>)
    : [];
  for (const type of ['owning_party', 'possessing_party', 'location']) {
    const entry = list.find((d) => cbvTerm(String(d['type'])).endsWith(type));
    if (entry !== undefined) {
      const gln = glnOf(String(entry['destination']));
      if (gln === undefined) {
        throw new Refused(
          'INVALID_IDENTIFIER',
          `destinationList: ${String(entry['destination'])} is not a GLN (GS1 Digital Link /414/ or an SGLN/PGLN URN)`,
        );
      }
      return gln;
    }
  }
  throw new Refused(
    'INVALID_EVENT',
    'a shipping event must name its destination party in destinationList (owning_party)',
  );
}

/** `YYYY-MM-DD` (EPCIS master data) as the ledger's YYMMDD expiry. */
function expiryOfIlmd(event: EpcisEvent): { lot: string; expiry: string } {
  const ilmd = (event['ilmd'] ?? {}) as Record<string, unknown>;
  const lot = ilmd['cbvmda:lotNumber'];
  const date = ilmd['cbvmda:itemExpirationDate'];
  if (typeof lot !== 'string' || typeof date !== 'string') {
    throw new Refused(
      'INVALID_EVENT',
      'a commissioning event must give ilmd cbvmda:lotNumber and cbvmda:itemExpirationDate',
    );
  }
  const match = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) {
    throw new Refused('INVALID_EVENT', 'ilmd cbvmda:itemExpirationDate must be YYYY-MM-DD');
  }
  return { lot, expiry: `${match[1] ?? ''}${match[2] ?? ''}${match[3] ?? ''}` };
}

function commissioning(event: EpcisEvent): CaptureCall['args'] {
  const refs = packs(strings(event['epcList']), 'epcList') as Array<ItemRef & { type: 'pack' }>;
  const gtins = new Set(refs.map((ref) => ref.gtin));
  const [gtin] = gtins;
  if (gtin === undefined || gtins.size > 1) {
    throw new Refused('INVALID_EVENT', 'a commissioning event commissions packs of one GTIN');
  }
  return { gtin, ...expiryOfIlmd(event), serials: refs.map((ref) => ref.serial) };
}

/**
 * How many of an observation's packs and containers the ledger looks up to find their holders,
 * who may then see it: as many as one of its lists may name (the chaincode's bound too).
 */
const MAX_AUDIENCE_ITEMS = 1000;

/** The event types an observation keeps: those whose fields the ledger's events carry. */
const OBSERVABLE_TYPES = new Set([
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
]);

/** An identifier as the ledger's events spell it: Digital Link for packs and containers. */
function spelt(epc: string): string {
  const item = itemOfEpc(epc);
  if (item === undefined) {
    return epc;
  }
  return item.type === 'pack' ? packUri(item.gtin, item.serial) : containerUri(item.sscc);
}

function idOf(value: unknown): string | undefined {
  const id = (value as Record<string, unknown> | undefined)?.['id'];
  return typeof id === 'string' ? id : undefined;
}

/** A list of identifiers spelt as the ledger's events spell them, each once (as the schema asks). */
function speltOnce(value: unknown): string[] {
  return [...new Set(strings(value).map(spelt))];
}

/** Quantity elements as given (GS1's schema has checked them), members beyond its three dropped. */
function quantityList(value: unknown): Array<Record<string, unknown>> {
  return (Array.isArray(value) ? (value as Array<Record<string, unknown>>) : []).map((entry) => ({
    epcClass: entry['epcClass'],
    ...(entry['quantity'] === undefined ? {} : { quantity: entry['quantity'] }),
    ...(entry['uom'] === undefined ? {} : { uom: entry['uom'] }),
  }));
}

/**
 * The fields only a TransformationEvent or an AssociationEvent has, as the ledger's events carry
 * them; none for other types, whose recorded arguments (and so their content digest) stay as
 * they were before these two were kept.
 */
function newTypeFields(event: EpcisEvent): Record<string, unknown> {
  const given = (name: string) => event[name] !== undefined;
  if (event['type'] === 'TransformationEvent') {
    return {
      ...(given('inputEPCList') ? { inputEPCList: speltOnce(event['inputEPCList']) } : {}),
      ...(given('outputEPCList') ? { outputEPCList: speltOnce(event['outputEPCList']) } : {}),
      ...(given('inputQuantityList')
        ? { inputQuantityList: quantityList(event['inputQuantityList']) }
        : {}),
      ...(given('outputQuantityList')
        ? { outputQuantityList: quantityList(event['outputQuantityList']) }
        : {}),
      ...(typeof event['transformationID'] === 'string'
        ? { transformationID: event['transformationID'] }
        : {}),
    };
  }
  if (event['type'] === 'AssociationEvent' && given('childQuantityList')) {
    return { childQuantityList: quantityList(event['childQuantityList']) };
  }
  return {};
}

function partyList(value: unknown, role: 'source' | 'destination'): Array<Record<string, string>> {
  return (Array.isArray(value) ? (value as Array<Record<string, unknown>>) : []).map((entry) => ({
    type: String(entry['type']),
    [role]: String(entry[role]),
  }));
}

/**
 * An event the ledger records without acting on it: its EPCIS fields as the ledger's events
 * carry them (other fields are covered by the event's digest, not kept), and the packs and
 * containers it names, whose holders may then see it.
 */
function observation(event: EpcisEvent, bizStep: string): CaptureCall['args'] {
  const epcList = strings(event['epcList']).map(spelt);
  const childEPCs = strings(event['childEPCs']).map(spelt);
  const parentID = typeof event['parentID'] === 'string' ? spelt(event['parentID']) : undefined;
  const typed = newTypeFields(event);
  const named = [
    ...epcList,
    ...childEPCs,
    ...(parentID === undefined ? [] : [parentID]),
    ...strings(typed['inputEPCList']),
    ...strings(typed['outputEPCList']),
  ];
  const items = new Map<string, ItemRef>();
  for (const epc of named) {
    const item = itemOfEpc(epc);
    if (item !== undefined) {
      items.set(epc, item);
    }
  }
  const fields: Record<string, unknown> = {
    eventType: event['type'],
    // A TransformationEvent has none.
    ...(event['action'] === undefined ? {} : { action: event['action'] }),
    ...(bizStep === '' ? {} : { bizStep }),
    ...(typeof event['disposition'] === 'string'
      ? { disposition: cbvTerm(event['disposition']) }
      : {}),
    ...(event['epcList'] === undefined ? {} : { epcList }),
    ...(parentID === undefined ? {} : { parentID }),
    ...(event['childEPCs'] === undefined ? {} : { childEPCs }),
    ...typed,
    ...(idOf(event['readPoint']) === undefined ? {} : { readPoint: idOf(event['readPoint']) }),
    ...(idOf(event['bizLocation']) === undefined
      ? {}
      : { bizLocation: idOf(event['bizLocation']) }),
    ...(event['sourceList'] === undefined
      ? {}
      : { sourceList: partyList(event['sourceList'], 'source') }),
    ...(event['destinationList'] === undefined
      ? {}
      : { destinationList: partyList(event['destinationList'], 'destination') }),
  };
  // Its audience, not its content: the holders of the first MAX_AUDIENCE_ITEMS are told.
  return { event: fields, items: [...items.values()].slice(0, MAX_AUDIENCE_ITEMS) };
}

function step(event: EpcisEvent): { step: CaptureStep; args: CaptureCall['args'] } {
  const type = event['type'];
  const action = event['action'];
  const bizStep = typeof event['bizStep'] === 'string' ? cbvTerm(event['bizStep']) : '';
  if (type === 'AggregationEvent' && action === 'OBSERVE' && bizStep === 'receiving') {
    // A case received at the dock, observed with what it holds: receiving it receives them.
    const parent = typeof event['parentID'] === 'string' ? itemOfEpc(event['parentID']) : undefined;
    if (parent?.type === 'container') {
      const childEpcs = strings(event['childEPCs']);
      return {
        step: 'receiving',
        args:
          childEpcs.length === 0
            ? { items: [parent] }
            : { items: [parent], children: items(childEpcs, 'childEPCs') },
      };
    }
  }
  if (type === 'AggregationEvent' && (action === 'ADD' || action === 'DELETE')) {
    const parent = typeof event['parentID'] === 'string' ? itemOfEpc(event['parentID']) : undefined;
    if (parent?.type !== 'container') {
      throw new Refused('INVALID_IDENTIFIER', 'an aggregation event’s parentID must be an SSCC');
    }
    const childEpcs = strings(event['childEPCs']);
    if (action === 'DELETE') {
      return {
        step: 'unpacking',
        args:
          childEpcs.length === 0
            ? { sscc: parent.sscc }
            : { sscc: parent.sscc, children: items(childEpcs, 'childEPCs') },
      };
    }
    const children = items(childEpcs, 'childEPCs');
    // EPCIS does not say case or pallet; a container holding containers is a pallet.
    const kind = children.some((child) => child.type === 'container') ? 'pallet' : 'case';
    return { step: 'packing', args: { sscc: parent.sscc, kind, children } };
  }
  if (type === 'ObjectEvent') {
    const epcs = strings(event['epcList']);
    if (bizStep === 'commissioning' && action === 'ADD') {
      return { step: 'commissioning', args: commissioning(event) };
    }
    if (bizStep === 'shipping' && action === 'OBSERVE') {
      return {
        step: 'shipping',
        args: { to: destinationGln(event), items: items(epcs, 'epcList') },
      };
    }
    // ADD at receiving: the receiver's system names the items it takes in; the same receipt.
    if (bizStep === 'receiving' && (action === 'OBSERVE' || action === 'ADD')) {
      return { step: 'receiving', args: { items: items(epcs, 'epcList') } };
    }
    if (bizStep === 'dispensing' && action !== 'ADD') {
      return { step: 'dispensing', args: { packs: packs(epcs, 'epcList') } };
    }
    if ((bizStep === 'decommissioning' || bizStep === 'destroying') && action !== 'ADD') {
      const disposition =
        typeof event['disposition'] === 'string' ? cbvTerm(event['disposition']) : 'inactive';
      const reason = bizStep === 'destroying' ? 'destroyed' : DECOMMISSION_REASON[disposition];
      if (reason === undefined) {
        throw new Refused(
          'INVALID_EVENT',
          `a decommissioning event’s disposition must be one of ${Object.keys(DECOMMISSION_REASON).join(', ')}`,
        );
      }
      return { step: 'decommissioning', args: { packs: packs(epcs, 'epcList'), reason } };
    }
  }
  if (typeof type === 'string' && OBSERVABLE_TYPES.has(type)) {
    return { step: 'observation', args: observation(event, bizStep) };
  }
  throw new Refused(
    'EPCIS_EVENT_UNSUPPORTED',
    `the ledger records no ${String(type)}: it acts on commissioning, packing, unpacking, shipping, receiving, dispensing and decommissioning, and keeps other ObjectEvents, AggregationEvents, TransactionEvents, TransformationEvents and AssociationEvents as observations`,
  );
}

/**
 * Maps one EPCIS event (already valid against GS1's schema) to the ledger transaction of its
 * business step, or says why it cannot be recorded. The arguments carry `eventDigest`, the
 * digest of the whole event, which the mapped transaction ignores but the ledger's record of
 * the capture covers: so an event differing from one captured under the same id in any field,
 * not only those the ledger acts on, is refused as another event (`EVENT_ID_REUSED`).
 */
export function mapCapturedEvent(event: EpcisEvent): EventMapping {
  const digest = eventContentDigest(event);
  const eventId = eventIdOf(event, digest);
  try {
    const mapped = step(event);
    return {
      kind: 'call',
      call: {
        eventId,
        eventTime: String(event['eventTime']),
        step: mapped.step,
        args: { ...mapped.args, eventDigest: `sha-256:${digest}` },
      },
    };
  } catch (error) {
    if (error instanceof Refused) {
      return { kind: 'refused', refusal: { eventId, code: error.code, message: error.message } };
    }
    throw error;
  }
}
