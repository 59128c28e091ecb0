import type { EpcisFields, LedgerEvent } from '@packtrace/chaincode/client';

/** An EPCIS 2.0 event as JSON. */
export type EpcisEvent = Record<string, unknown>;

function zoneOf(time: string): string {
  const match = /([+-]\d{2}:\d{2})$/.exec(time);
  return match?.[1] ?? '+00:00';
}

/**
 * One EPCIS field set of a ledger event as an EPCIS 2.0 event. A captured event keeps its own id
 * and time; the ledger's commit time is its recordTime. Other events are named by transaction.
 */
export function epcisEventOf(event: LedgerEvent, fields: EpcisFields, index: number): EpcisEvent {
  const single = event.epcis.length === 1;
  const eventTime =
    event.captured !== undefined && single ? event.captured.eventTime : event.eventTime;
  return {
    type: fields.eventType,
    eventID:
      event.captured !== undefined && single
        ? event.captured.eventId
        : `urn:packtrace:event:${event.txId}:${index}`,
    eventTime,
    eventTimeZoneOffset: zoneOf(eventTime),
    recordTime: event.eventTime,
    ...(fields.epcList === undefined ? {} : { epcList: fields.epcList }),
    ...(fields.parentID === undefined ? {} : { parentID: fields.parentID }),
    ...(fields.childEPCs === undefined ? {} : { childEPCs: fields.childEPCs }),
    ...(fields.quantityList === undefined
      ? {}
      : { quantityList: fields.quantityList.map((q) => ({ ...q })) }),
    action: fields.action,
    // An observation may come without either (the ledger keeps them as '').
    ...(fields.bizStep === '' ? {} : { bizStep: fields.bizStep }),
    ...(fields.disposition === '' ? {} : { disposition: fields.disposition }),
    readPoint: { id: fields.readPoint },
    ...(fields.bizLocation === undefined ? {} : { bizLocation: { id: fields.bizLocation } }),
    ...(fields.sourceList === undefined ? {} : { sourceList: fields.sourceList }),
    ...(fields.destinationList === undefined ? {} : { destinationList: fields.destinationList }),
  };
}
