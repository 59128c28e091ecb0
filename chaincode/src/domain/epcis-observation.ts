import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import type { TraceContext } from '../ledger/trace-context';
import type { EpcisFields } from '../model/ledger-event';
import { MAX_SHIPMENT_ITEMS } from '../model/limits';
import { partyUri } from './epcis-identifiers';
import { parseItemRefs } from './item-arguments';
import { custodiansOf, findItem } from './items';
import { emitEvent } from './ledger-events';

/*
 * An observation: a captured EPCIS event the ledger records but does not act on (an inspection,
 * a sensor report, a storing step, …). It changes no record but its capture record; its ledger
 * event carries the event's EPCIS fields, so queries and the event stream return it to the
 * capturing party, the regulator and the parties holding the items it names.
 */

const EVENT_TYPES = ['ObjectEvent', 'AggregationEvent', 'TransactionEvent'] as const;
const ACTIONS = ['ADD', 'OBSERVE', 'DELETE'] as const;
/** The longest text an observation keeps in one field (the gateway bounds strings alike). */
const MAX_TEXT = 8192;

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
  const action = event['action'];
  if (!EVENT_TYPES.includes(eventType as (typeof EVENT_TYPES)[number])) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `args.event.eventType must be one of ${EVENT_TYPES.join(', ')}`,
    );
  }
  if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `args.event.action must be one of ${ACTIONS.join(', ')}`,
    );
  }
  const optional = {
    epcList: texts(event['epcList'], 'epcList'),
    parentID: text(event['parentID'], 'parentID'),
    childEPCs: texts(event['childEPCs'], 'childEPCs'),
    bizLocation: text(event['bizLocation'], 'bizLocation'),
    sourceList: pairs(event['sourceList'], 'sourceList', 'source'),
    destinationList: pairs(event['destinationList'], 'destinationList', 'destination'),
  };
  return {
    eventType: eventType as EpcisFields['eventType'],
    action: action as EpcisFields['action'],
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
