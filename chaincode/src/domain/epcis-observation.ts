import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import type { TraceContext } from '../ledger/trace-context';
import type { EpcisFields, EpcisQuantity } from '../model/ledger-event';
import { MAX_SHIPMENT_ITEMS } from '../model/limits';
import { partyUri } from './epcis-identifiers';
import { parseItemRefs } from './item-arguments';
import { custodiansOf, findItem } from './items';
import { emitEvent } from './ledger-events';

/*
 * An observation: a captured EPCIS event the ledger records but does not act on (an inspection,
 * a sensor report, a storing step, a transformation, an association of an asset, …). It changes
 * no record but its capture record; its ledger event carries the event's EPCIS fields, so
 * queries and the event stream return it to the capturing party, the regulator and the parties
 * holding the items it names.
 */

const EVENT_TYPES = [
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
] as const;
type EventType = (typeof EVENT_TYPES)[number];
const ACTIONS = ['ADD', 'OBSERVE', 'DELETE'] as const;
/** The longest text an observation keeps in one field (the gateway bounds strings alike). */
const MAX_TEXT = 8192;
/** A UN/CEFACT unit code, as GS1's schema has it. */
const UOM = /^[A-Z0-9]{2,3}$/;

/*
 * The fields each event type has besides those all share (EPCIS 2.0 §7.4), so that the event
 * the ledger keeps is one GS1's schema takes back from the query: a field of another type is
 * refused, not carried.
 */
const TYPE_FIELDS: Readonly<Record<EventType, readonly string[]>> = {
  ObjectEvent: ['epcList', 'quantityList'],
  AggregationEvent: ['parentID', 'childEPCs', 'childQuantityList'],
  TransactionEvent: ['parentID', 'epcList', 'quantityList'],
  TransformationEvent: [
    'inputEPCList',
    'outputEPCList',
    'inputQuantityList',
    'outputQuantityList',
    'transformationID',
  ],
  AssociationEvent: ['parentID', 'childEPCs', 'childQuantityList'],
};
const TYPED_FIELDS = new Set(Object.values(TYPE_FIELDS).flat());

type Json = Readonly<Record<string, unknown>>;

function text(value: unknown, name: string, optional = true): string | undefined {
  if (value === undefined && optional) {
    return undefined;
  }
  if (typeof value !== 'string' || value.length > MAX_TEXT) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `args.event.${name} must be a string of at most ${MAX_TEXT} characters`,
    );
  }
  return value;
}

function texts(value: unknown, name: string): string[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value) || value.length > MAX_SHIPMENT_ITEMS) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `args.event.${name} must be a list of at most ${MAX_SHIPMENT_ITEMS} strings`,
    );
  }
  return value.map((entry, i) => text(entry, `${name}[${i}]`, false) ?? '');
}

function pairs(
  value: unknown,
  name: string,
  role: 'source' | 'destination',
): Array<Record<string, string>> | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value) || value.length > MAX_SHIPMENT_ITEMS) {
    throw new ChaincodeRefusal('INVALID_ARGUMENT', `args.event.${name} must be a list`);
  }
  return value.map((entry: unknown, i) => {
    const pair = (entry ?? {}) as Json;
    return {
      type: text(pair['type'], `${name}[${i}].type`, false) ?? '',
      [role]: text(pair[role], `${name}[${i}].${role}`, false) ?? '',
    };
  });
}

function quantities(value: unknown, name: string): EpcisQuantity[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value) || value.length > MAX_SHIPMENT_ITEMS) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `args.event.${name} must be a list of at most ${MAX_SHIPMENT_ITEMS} quantities`,
    );
  }
  return value.map((entry: unknown, i) => {
    const element = (entry ?? {}) as Json;
    const where = `${name}[${i}]`;
    const quantity = element['quantity'];
    if (quantity !== undefined && (typeof quantity !== 'number' || !Number.isFinite(quantity))) {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        `args.event.${where}.quantity must be a number`,
      );
    }
    const uom = text(element['uom'], `${where}.uom`);
    if (uom !== undefined && !UOM.test(uom)) {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        `args.event.${where}.uom must be a UN/CEFACT unit code (2 or 3 capitals or digits)`,
      );
    }
    return {
      epcClass: text(element['epcClass'], `${where}.epcClass`, false) ?? '',
      ...(quantity === undefined ? {} : { quantity }),
      ...(uom === undefined ? {} : { uom }),
    };
  });
}

/** Whether a list field is given with at least one entry. */
const named = (list: readonly unknown[] | undefined): boolean =>
  list !== undefined && list.length > 0;

/**
 * Refuses what EPCIS 2.0 does not let the event type carry or leave out: a field of another
 * type, an action on a TransformationEvent or none on another, a TransformationEvent without
 * inputs and outputs (or, with a transformationID, either), an AssociationEvent without its
 * parent or (but to DELETE) its children: GS1's schema takes none of these back from a query.
 */
function checkTypeShape(eventType: EventType, event: Json, fields: Json): void {
  const foreign = [...TYPED_FIELDS].find(
    (field) => event[field] !== undefined && !TYPE_FIELDS[eventType].includes(field),
  );
  if (foreign !== undefined) {
    throw new ChaincodeRefusal('INVALID_ARGUMENT', `a ${eventType} has no ${foreign}`);
  }
  if (eventType === 'TransformationEvent') {
    if (event['action'] !== undefined) {
      throw new ChaincodeRefusal('INVALID_ARGUMENT', 'a TransformationEvent has no action');
    }
    const inputs =
      named(fields['inputEPCList'] as unknown[] | undefined) ||
      named(fields['inputQuantityList'] as unknown[] | undefined);
    const outputs =
      named(fields['outputEPCList'] as unknown[] | undefined) ||
      named(fields['outputQuantityList'] as unknown[] | undefined);
    if (
      !(inputs && outputs) &&
      !((inputs || outputs) && fields['transformationID'] !== undefined)
    ) {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        'a TransformationEvent names its inputs and its outputs, or either with a transformationID',
      );
    }
    return;
  }
  if (!ACTIONS.includes(event['action'] as (typeof ACTIONS)[number])) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `args.event.action must be one of ${ACTIONS.join(', ')}`,
    );
  }
  if (eventType === 'AssociationEvent') {
    if (fields['parentID'] === undefined) {
      throw new ChaincodeRefusal('INVALID_ARGUMENT', 'an AssociationEvent names its parentID');
    }
    const children =
      named(fields['childEPCs'] as unknown[] | undefined) ||
      named(fields['childQuantityList'] as unknown[] | undefined);
    if (!children && event['action'] !== 'DELETE') {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        'an AssociationEvent names its childEPCs or childQuantityList, unless it is a DELETE',
      );
    }
  }
}

/**
 * The EPCIS fields of an observed event as the gateway sends them (identifiers of packs and
 * containers as GS1 Digital Link URIs, others as given), checked for shape and size. Without a
 * `readPoint`, the capturing party's own GLN stands for where it was seen.
 */
export function observedFields(value: unknown, capturer: string): EpcisFields {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ChaincodeRefusal('INVALID_ARGUMENT', 'args.event must be a JSON object');
  }
  const event = value as Json;
  const eventType = event['eventType'];
  if (!EVENT_TYPES.includes(eventType as EventType)) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `args.event.eventType must be one of ${EVENT_TYPES.join(', ')}`,
    );
  }
  const optional = {
    epcList: texts(event['epcList'], 'epcList'),
    quantityList: quantities(event['quantityList'], 'quantityList'),
    parentID: text(event['parentID'], 'parentID'),
    childEPCs: texts(event['childEPCs'], 'childEPCs'),
    childQuantityList: quantities(event['childQuantityList'], 'childQuantityList'),
    inputEPCList: texts(event['inputEPCList'], 'inputEPCList'),
    outputEPCList: texts(event['outputEPCList'], 'outputEPCList'),
    inputQuantityList: quantities(event['inputQuantityList'], 'inputQuantityList'),
    outputQuantityList: quantities(event['outputQuantityList'], 'outputQuantityList'),
    transformationID: text(event['transformationID'], 'transformationID'),
    bizLocation: text(event['bizLocation'], 'bizLocation'),
    sourceList: pairs(event['sourceList'], 'sourceList', 'source'),
    destinationList: pairs(event['destinationList'], 'destinationList', 'destination'),
  };
  checkTypeShape(eventType as EventType, event, optional);
  const action = event['action'] as EpcisFields['action'];
  return {
    eventType: eventType as EventType,
    ...(action === undefined ? {} : { action }),
    bizStep: text(event['bizStep'], 'bizStep') ?? '',
    disposition: text(event['disposition'], 'disposition') ?? '',
    readPoint: text(event['readPoint'], 'readPoint') ?? partyUri(capturer),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

/**
 * Records an observation: emits its ledger event, addressed to the capturing party and to the
 * present custodians of the packs and containers it names that the ledger knows (`items`, at
 * most {@link MAX_SHIPMENT_ITEMS}); items the ledger does not know are named, not looked for.
 * Writes nothing else: the capture record, written by the caller, is its record.
 */
export async function recordObservation(
  ctx: TraceContext,
  capturer: string,
  event: unknown,
  items: string,
): Promise<{ observed: EpcisFields }> {
  const fields = observedFields(event, capturer);
  const refs = parseItemRefs(items, 'items', MAX_SHIPMENT_ITEMS, true);
  const parties = new Set<string>([capturer]);
  for (const ref of refs) {
    const item = await findItem(ctx, ref);
    if (item !== undefined) {
      for (const party of await custodiansOf(ctx, item)) {
        parties.add(party);
      }
    }
  }
  emitEvent(ctx, {
    type: 'EventObserved',
    by: capturer,
    parties: [...parties],
    epcis: [fields],
    subject: {},
  });
  return { observed: fields };
}
