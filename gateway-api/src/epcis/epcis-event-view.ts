import { platformEventId, type EpcisFields, type LedgerEvent } from '@packtrace/chaincode/client';

/** An EPCIS 2.0 event as JSON. */
export type EpcisEvent = Record<string, unknown>;

function zoneOf(time: string): string {
  const match = /([+-]\d{2}:\d{2})$/.exec(time);
  return match?.[1] ?? '+00:00';
}

/** A quantity list under its name, each element copied; nothing when absent. */
function quantities(
  name: string,
  list: EpcisFields['quantityList'],
): Record<string, Array<Record<string, unknown>>> {
  return list === undefined ? {} : { [name]: list.map((q) => ({ ...q })) };
}

/**
 * The id of a ledger event's `index`-th EPCIS event: the one the chaincode stamped on it, the
 * same in the query, the event stream and the pack's export. An event emitted before ids were
 * stamped gets the id the chaincode would have given it.
 */
export function eventIdOfFields(event: LedgerEvent, fields: EpcisFields, index: number): string {
  if (fields.eventID !== undefined) {
    return fields.eventID;
  }
  return event.captured !== undefined && event.epcis.length === 1
    ? event.captured.eventId
    : platformEventId(event.txId, index);
}

/**
 * One EPCIS field set of a ledger event as an EPCIS 2.0 event, under the id the chaincode gave
 * it. A captured event keeps its own time; the ledger's commit time is its recordTime.
 */
export function epcisEventOf(event: LedgerEvent, fields: EpcisFields, index: number): EpcisEvent {
  const eventID = eventIdOfFields(event, fields, index);
  const eventTime =
    fields.eventTime ??
    (event.captured !== undefined && eventID === event.captured.eventId
      ? event.captured.eventTime
      : event.eventTime);
  return {
    type: fields.eventType,
    eventID,
    eventTime,
    eventTimeZoneOffset: zoneOf(eventTime),
    recordTime: event.eventTime,
    ...(fields.epcList === undefined ? {} : { epcList: fields.epcList }),
    ...(fields.parentID === undefined ? {} : { parentID: fields.parentID }),
    ...(fields.childEPCs === undefined ? {} : { childEPCs: fields.childEPCs }),
    ...quantities('quantityList', fields.quantityList),
    ...quantities('childQuantityList', fields.childQuantityList),
    ...(fields.inputEPCList === undefined ? {} : { inputEPCList: fields.inputEPCList }),
    ...quantities('inputQuantityList', fields.inputQuantityList),
    ...(fields.outputEPCList === undefined ? {} : { outputEPCList: fields.outputEPCList }),
    ...quantities('outputQuantityList', fields.outputQuantityList),
    ...(fields.transformationID === undefined ? {} : { transformationID: fields.transformationID }),
    // A TransformationEvent has none (GS1's schema refuses one).
    ...(fields.action === undefined ? {} : { action: fields.action }),
    // An observation may come without either (the ledger keeps them as '').
    ...(fields.bizStep === '' ? {} : { bizStep: fields.bizStep }),
    ...(fields.disposition === '' ? {} : { disposition: fields.disposition }),
    readPoint: { id: fields.readPoint },
    ...(fields.bizLocation === undefined ? {} : { bizLocation: { id: fields.bizLocation } }),
    ...(fields.sourceList === undefined ? {} : { sourceList: fields.sourceList }),
    ...(fields.destinationList === undefined ? {} : { destinationList: fields.destinationList }),
  };
}
