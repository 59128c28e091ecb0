import {
  containerUri,
  packUri,
  partyUri,
  platformEventId,
  type Pack,
  type ProvenanceEntry,
} from '@packtrace/chaincode/client';

/** The EPCIS 2.0 JSON-LD context GS1 publishes. */
export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

type EpcisEvent = Record<string, unknown>;

/** What the document reads of a pack: its identity and lot. */
export type PackIdentity = Pick<Pack, 'gtin' | 'serial' | 'lot'>;

function parties(entry: ProvenanceEntry): EpcisEvent {
  const transfer = entry.bizStep === 'shipping' || entry.bizStep === 'receiving';
  if (!transfer || entry.from === undefined || entry.to === undefined) {
    return {};
  }
  return {
    sourceList: [{ type: 'owning_party', source: partyUri(entry.from) }],
    destinationList: [{ type: 'owning_party', destination: partyUri(entry.to) }],
  };
}

/**
 * A commissioning event's instance master data: the batch (lot) and expiry, which capturing the
 * event elsewhere needs to commission the pack under the same batch.
 */
function ilmd(
  pack: PackIdentity,
  entry: ProvenanceEntry,
  expiryDate: string | undefined,
): EpcisEvent {
  if (entry.bizStep !== 'commissioning' || expiryDate === undefined) {
    return {};
  }
  return { ilmd: { 'cbvmda:lotNumber': pack.lot, 'cbvmda:itemExpirationDate': expiryDate } };
}

/** One provenance entry as an EPCIS event (identifiers as GS1 Digital Link URIs). */
function toEvent(pack: PackIdentity, entry: ProvenanceEntry, expiryDate?: string): EpcisEvent {
  const subject =
    entry.subject === 'container' && entry.sscc !== undefined
      ? containerUri(entry.sscc)
      : packUri(pack.gtin, pack.serial);
  const common: EpcisEvent = {
    // Entries from before ids were stamped: the id the ledger gives their transaction's event.
    eventID: entry.eventId ?? platformEventId(entry.txId, 0),
    eventTime: entry.at,
    eventTimeZoneOffset: '+00:00',
    bizStep: entry.bizStep,
    disposition: entry.disposition,
    readPoint: { id: partyUri(entry.by) },
    ...(entry.bizStep === 'receiving' || entry.bizStep === 'commissioning'
      ? { bizLocation: { id: partyUri(entry.by) } }
      : {}),
    ...parties(entry),
    ...ilmd(pack, entry, expiryDate),
    ...(entry.errorDeclaration === undefined
      ? {}
      : {
          errorDeclaration: {
            declarationTime: entry.errorDeclaration.declarationTime,
            ...(entry.errorDeclaration.reason === undefined
              ? {}
              : { reason: entry.errorDeclaration.reason }),
            correctiveEventIDs: [...entry.errorDeclaration.correctiveEventIDs],
          },
        }),
  };
  const aggregation =
    (entry.bizStep === 'packing' || entry.bizStep === 'unpacking') && entry.container !== undefined;
  if (aggregation && entry.container !== undefined) {
    return {
      type: 'AggregationEvent',
      ...common,
      action: entry.bizStep === 'packing' ? 'ADD' : 'DELETE',
      parentID: containerUri(entry.container),
      childEPCs: [subject],
    };
  }
  return {
    type: 'ObjectEvent',
    ...common,
    action: entry.action === 'commissioned' ? 'ADD' : 'OBSERVE',
    epcList: [subject],
  };
}

/**
 * A pack's provenance as a GS1 EPCIS 2.0 JSON-LD document, oldest event first. With the batch's
 * expiry date (YYYY-MM-DD), the commissioning event carries lot and expiry as ILMD.
 */
export function packEpcisDocument(
  pack: PackIdentity,
  events: readonly ProvenanceEntry[],
  createdAt: Date,
  expiryDate?: string,
): object {
  return {
    '@context': [EPCIS_CONTEXT],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: createdAt.toISOString(),
    epcisBody: { eventList: events.map((entry) => toEvent(pack, entry, expiryDate)) },
  };
}
