import type { TraceAnswer } from '@packtrace/chaincode/client';
import { EPCIS_CONTEXT, packEpcisDocument } from './pack-epcis-document';

type EpcisEvent = Record<string, unknown>;

function eventsOf(document: object): EpcisEvent[] {
  return (document as { epcisBody: { eventList: EpcisEvent[] } }).epcisBody.eventList;
}

/** The identifiers two views of one event name, without repeats, in first-seen order. */
function union(a: unknown, b: unknown): string[] {
  return [...new Set([...(a as string[]), ...(b as string[])])];
}

/**
 * A trace request's answer as one GS1 EPCIS 2.0 document: every pack's events, oldest first. An
 * event several packs of a lot share (one commissioning, one shipment) appears once, naming all
 * of them. The document is dated when the answer was given, so it reads the same every time.
 *
 * @param expiryDates - each lot's expiry (YYYY-MM-DD), for the commissioning events' ILMD
 */
export function traceAnswerEpcisDocument(
  answer: TraceAnswer,
  expiryDates: ReadonlyMap<string, string>,
): object {
  const createdAt = new Date(answer.request.answer?.answeredAt ?? answer.request.requestedAt);
  const byId = new Map<string, EpcisEvent>();
  for (const pack of answer.packs) {
    const document = packEpcisDocument(pack, pack.events, createdAt, expiryDates.get(pack.lot));
    for (const event of eventsOf(document)) {
      const id = String(event['eventID']);
      const seen = byId.get(id);
      if (seen === undefined) {
        byId.set(id, event);
      } else {
        for (const list of ['epcList', 'childEPCs'] as const) {
          if (Array.isArray(seen[list]) && Array.isArray(event[list])) {
            seen[list] = union(seen[list], event[list]);
          }
        }
      }
    }
  }
  const eventList = [...byId.values()]
    .map((event, index) => ({ event, index }))
    .sort((a, b) => {
      const at = String(a.event['eventTime']);
      const bt = String(b.event['eventTime']);
      return at === bt ? a.index - b.index : at < bt ? -1 : 1;
    })
    .map(({ event }) => event);
  return {
    '@context': [EPCIS_CONTEXT],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: createdAt.toISOString(),
    epcisBody: { eventList },
  };
}
