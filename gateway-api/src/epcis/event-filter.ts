import { validateGtin14 } from '@packtrace/gs1';
import type { EpcisEvent } from './epcis-event-view';
import { itemKey, itemOfEpc, locationKey } from './epcis-identifiers';

/*
 * Whether an EPCIS event (as the query answers it, see epcis-event-view.ts) matches the
 * SimpleEventQuery's criteria: each given criterion must hold (and), each list matches any of its
 * values (or), as EPCIS 2.0 §8.2.7.1 says. Identifiers compare as what they name, whatever their
 * spelling (Digital Link on any host, EPC URN), and CBV terms bare, URN or GS1 web URI alike.
 */

/** The criteria of one query; an absent one holds for every event. */
export interface EventFilter {
  readonly eventType?: readonly string[];
  readonly action?: readonly string[];
  readonly bizStep?: readonly string[];
  readonly disposition?: readonly string[];
  readonly readPoint?: readonly string[];
  readonly bizLocation?: readonly string[];
  /** `MATCH_epc`: the event's epcList or childEPCs name one of these. */
  readonly epc?: readonly string[];
  readonly parentID?: readonly string[];
  readonly inputEPC?: readonly string[];
  readonly outputEPC?: readonly string[];
  /** `MATCH_anyEPC`: any EPC list, or the parentID. */
  readonly anyEpc?: readonly string[];
  readonly epcClass?: readonly string[];
  readonly inputEPCClass?: readonly string[];
  readonly outputEPCClass?: readonly string[];
  readonly anyEpcClass?: readonly string[];
  readonly eventID?: readonly string[];
  /** `EQ_transformationID`: a TransformationEvent's `transformationID`. */
  readonly transformationID?: readonly string[];
  readonly errorReason?: readonly string[];
  readonly correctiveEventID?: readonly string[];
  readonly geEventTime?: string;
  readonly ltEventTime?: string;
  readonly geRecordTime?: string;
  readonly ltRecordTime?: string;
  readonly geErrorDeclarationTime?: string;
  readonly ltErrorDeclarationTime?: string;
  /** `EQ_bizTransaction_{type}`: by type, the transaction ids one of which must be listed. */
  readonly bizTransaction?: Readonly<Record<string, readonly string[]>>;
  readonly source?: Readonly<Record<string, readonly string[]>>;
  readonly destination?: Readonly<Record<string, readonly string[]>>;
  /** `EXISTS_errorDeclaration=true`. */
  readonly errorDeclared?: boolean;
}

/**
 * A CBV term without its prefix: `shipping` from `shipping`, `urn:epcglobal:cbv:bizstep:shipping`
 * or `https://ref.gs1.org/cbv/BizStep-shipping`; the same for dispositions, source and
 * destination types, business transaction types and error reasons.
 */
export function cbvWord(value: string): string {
  const urn = /^urn:epcglobal:cbv:[a-z]+:(.+)$/.exec(value);
  if (urn !== null) {
    return urn[1] ?? value;
  }
  const link = /^https?:\/\/ref\.gs1\.org\/cbv\/[A-Za-z]+-(.+)$/.exec(value);
  return link?.[1] ?? value;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

const URN_IDPAT_SGTIN = /^urn:epc:idpat:sgtin:(\d{6,12})\.(\d{1,7})\.\*$/;
const URN_LGTIN = /^urn:epc:class:lgtin:(\d{6,12})\.(\d{1,7})\.(.+)$/;
const DL_LOT = /^https?:\/\/[^/?#]+\/01\/(\d{14})\/10\/([^/?#]+)$/;
const DL_GTIN = /^https?:\/\/[^/?#]+\/01\/(\d{14})$/;

/** The GTIN of an SGTIN-shaped EPC URN's company prefix and item reference. */
function gtinOf(prefix: string, itemRef: string): string | undefined {
  if (prefix.length + itemRef.length !== 13) {
    return undefined;
  }
  const body = `${itemRef.slice(0, 1)}${prefix}${itemRef.slice(1)}`;
  for (let digit = 0; digit <= 9; digit += 1) {
    try {
      return validateGtin14(`${body}${digit}`);
    } catch {
      // Not this check digit; exactly one of the ten is valid.
    }
  }
  return undefined;
}

/**
 * Whether an identifier given in a query names `epc`: the same item in any spelling, or an EPC
 * pattern (`urn:epc:idpat:sgtin:{prefix}.{itemRef}.*`, every serial of a GTIN) that covers it.
 */
function epcMatches(wanted: string, epc: string): boolean {
  const pattern = URN_IDPAT_SGTIN.exec(wanted);
  if (pattern !== null) {
    const item = itemOfEpc(epc);
    const gtin = gtinOf(pattern[1] ?? '', pattern[2] ?? '');
    return item?.type === 'pack' && gtin !== undefined && item.gtin === gtin;
  }
  return itemKey(wanted) === itemKey(epc);
}

/** One spelling of an EPC class: a lot of a GTIN (`lot:{gtin}:{lot}`) or a GTIN (`gtin:{gtin}`). */
export function classKey(epcClass: string): string {
  const link = DL_LOT.exec(epcClass);
  if (link !== null) {
    return `lot:${link[1] ?? ''}:${safeDecode(link[2] ?? '')}`;
  }
  const gtinLink = DL_GTIN.exec(epcClass);
  if (gtinLink !== null) {
    return `gtin:${gtinLink[1] ?? ''}`;
  }
  const urn = URN_LGTIN.exec(epcClass);
  if (urn !== null) {
    const gtin = gtinOf(urn[1] ?? '', urn[2] ?? '');
    return gtin === undefined ? epcClass : `lot:${gtin}:${safeDecode(urn[3] ?? '')}`;
  }
  return epcClass;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Whether a class given in a query covers `epcClass`: the same lot, or the lot's GTIN. */
function classMatches(wanted: string, epcClass: string): boolean {
  const want = classKey(wanted);
  const have = classKey(epcClass);
  return want === have || (want.startsWith('gtin:') && have.startsWith(`lot:${want.slice(5)}:`));
}

const anyOf = (
  wanted: readonly string[] | undefined,
  have: readonly string[],
  same: (wanted: string, have: string) => boolean,
): boolean => wanted === undefined || wanted.some((w) => have.some((h) => same(w, h)));

const classesOf = (event: EpcisEvent, list: string): string[] =>
  (Array.isArray(event[list]) ? (event[list] as unknown[]) : [])
    .map((q) => (q as { epcClass?: unknown }).epcClass)
    .filter((c): c is string => typeof c === 'string');

/** `{type: [ids]}` criteria against a list of `{type, <member>}` entries. */
function typedMatch(
  wanted: Readonly<Record<string, readonly string[]>> | undefined,
  entries: unknown,
  member: string,
  same: (wanted: string, have: string) => boolean,
): boolean {
  if (wanted === undefined) {
    return true;
  }
  const list = Array.isArray(entries) ? (entries as Record<string, unknown>[]) : [];
  return Object.entries(wanted).every(([type, values]) =>
    list.some(
      (entry) =>
        typeof entry[member] === 'string' &&
        cbvWord(String(entry['type'])) === cbvWord(type) &&
        values.some((v) => same(v, entry[member] as string)),
    ),
  );
}

const within = (time: unknown, ge: string | undefined, lt: string | undefined): boolean => {
  if (ge === undefined && lt === undefined) {
    return true;
  }
  const at = typeof time === 'string' ? Date.parse(time) : NaN;
  return (
    !Number.isNaN(at) &&
    (ge === undefined || at >= Date.parse(ge)) &&
    (lt === undefined || at < Date.parse(lt))
  );
};

const sameLocation = (wanted: string, have: string) => locationKey(wanted) === locationKey(have);
const sameCbv = (wanted: string, have: string) => cbvWord(wanted) === cbvWord(have);
const sameText = (wanted: string, have: string) => wanted === have;

/** Whether `event` meets every criterion of `filter`. */
export function matchesFilter(event: EpcisEvent, filter: EventFilter): boolean {
  const epcs = [...strings(event['epcList']), ...strings(event['childEPCs'])];
  const inputs = strings(event['inputEPCList']);
  const outputs = strings(event['outputEPCList']);
  const parent = typeof event['parentID'] === 'string' ? [event['parentID']] : [];
  const idOf = (member: string): string[] => {
    const value = event[member] as { id?: unknown } | undefined;
    return typeof value?.id === 'string' ? [value.id] : [];
  };
  const text = (member: string): string[] =>
    typeof event[member] === 'string' ? [event[member]] : [];
  const quantities = [
    ...classesOf(event, 'quantityList'),
    ...classesOf(event, 'childQuantityList'),
  ];
  const inputClasses = classesOf(event, 'inputQuantityList');
  const outputClasses = classesOf(event, 'outputQuantityList');
  const declaration = event['errorDeclaration'] as Record<string, unknown> | undefined;
  const declared = typeof declaration === 'object' && declaration !== null;
  const needsDeclaration =
    filter.errorDeclared === true ||
    filter.errorReason !== undefined ||
    filter.correctiveEventID !== undefined ||
    filter.geErrorDeclarationTime !== undefined ||
    filter.ltErrorDeclarationTime !== undefined;
  return (
    anyOf(filter.eventType, text('type'), sameText) &&
    anyOf(filter.action, text('action'), sameText) &&
    anyOf(filter.bizStep, text('bizStep'), sameCbv) &&
    anyOf(filter.disposition, text('disposition'), sameCbv) &&
    anyOf(filter.readPoint, idOf('readPoint'), sameLocation) &&
    anyOf(filter.bizLocation, idOf('bizLocation'), sameLocation) &&
    anyOf(filter.epc, epcs, epcMatches) &&
    anyOf(filter.parentID, parent, epcMatches) &&
    anyOf(filter.inputEPC, inputs, epcMatches) &&
    anyOf(filter.outputEPC, outputs, epcMatches) &&
    anyOf(filter.anyEpc, [...epcs, ...parent, ...inputs, ...outputs], epcMatches) &&
    anyOf(filter.epcClass, quantities, classMatches) &&
    anyOf(filter.inputEPCClass, inputClasses, classMatches) &&
    anyOf(filter.outputEPCClass, outputClasses, classMatches) &&
    anyOf(filter.anyEpcClass, [...quantities, ...inputClasses, ...outputClasses], classMatches) &&
    anyOf(filter.eventID, text('eventID'), sameText) &&
    anyOf(filter.transformationID, text('transformationID'), sameText) &&
    within(event['eventTime'], filter.geEventTime, filter.ltEventTime) &&
    within(event['recordTime'], filter.geRecordTime, filter.ltRecordTime) &&
    typedMatch(filter.bizTransaction, event['bizTransactionList'], 'bizTransaction', sameText) &&
    typedMatch(filter.source, event['sourceList'], 'source', sameLocation) &&
    typedMatch(filter.destination, event['destinationList'], 'destination', sameLocation) &&
    (!needsDeclaration ||
      (declared &&
        anyOf(
          filter.errorReason,
          typeof declaration['reason'] === 'string' ? [declaration['reason']] : [],
          sameCbv,
        ) &&
        anyOf(filter.correctiveEventID, strings(declaration['correctiveEventIDs']), sameText) &&
        within(
          declaration['declarationTime'],
          filter.geErrorDeclarationTime,
          filter.ltErrorDeclarationTime,
        )))
  );
}

/** The criteria about an event's error declaration, which the ledger keeps apart from its log. */
const DECLARATION_CRITERIA = [
  'errorDeclared',
  'errorReason',
  'correctiveEventID',
  'geErrorDeclarationTime',
  'ltErrorDeclarationTime',
] as const;

/** Whether the filter asks about error declarations. */
export function asksForDeclarations(filter: EventFilter): boolean {
  return DECLARATION_CRITERIA.some((name) => filter[name] !== undefined);
}

/** The filter without its error declaration criteria (the same object when it has none). */
export function withoutDeclarations(filter: EventFilter): EventFilter {
  if (!asksForDeclarations(filter)) {
    return filter;
  }
  return Object.fromEntries(
    Object.entries(filter).filter(
      ([name]) => !DECLARATION_CRITERIA.some((criterion) => criterion === name),
    ),
  );
}
