import type { LedgerEvent } from '@packtrace/chaincode/client';
import type { EventCursor } from '@packtrace/ledger';
import type { LedgerCaller } from '../ledger/ledger-caller';
import { maySee } from '../ledger/event-visibility';
import type { User } from '../identity/user-directory';
import { EPCIS_CONTEXT } from './pack-epcis-document';
import { epcisEventOf, type EpcisEvent } from './epcis-event-view';
import { cbvTerm, itemKey, locationKey } from './epcis-identifiers';
import { readPageToken, signPageToken, type PageTokenScope } from './page-token';

/** The standard query parameters the pharma flow needs, already split into lists. */
export interface EventFilter {
  readonly eventType?: readonly string[];
  readonly bizStep?: readonly string[];
  /** `MATCH_epc`: the event's epcList or childEPCs name one of these. */
  readonly epc?: readonly string[];
  /** `MATCH_anyEPC`: its parentID too. */
  readonly anyEpc?: readonly string[];
  readonly geEventTime?: string;
  readonly ltEventTime?: string;
  readonly bizLocation?: readonly string[];
}

/** The most ledger events one page reads past before it answers (with a next page token). */
export const MAX_EVENTS_SCANNED = 5000;

function matches(event: EpcisEvent, filter: EventFilter): boolean {
  const time = Date.parse(String(event['eventTime']));
  const epcs = [
    ...((event['epcList'] as string[] | undefined) ?? []),
    ...((event['childEPCs'] as string[] | undefined) ?? []),
  ].map(itemKey);
  const parent = typeof event['parentID'] === 'string' ? [itemKey(event['parentID'])] : [];
  const location = event['bizLocation'] as { id: string } | undefined;
  return (
    (filter.eventType === undefined || filter.eventType.includes(String(event['type']))) &&
    (filter.bizStep === undefined ||
      filter.bizStep.map(cbvTerm).includes(cbvTerm(String(event['bizStep'])))) &&
    (filter.epc === undefined || filter.epc.map(itemKey).some((k) => epcs.includes(k))) &&
    (filter.anyEpc === undefined ||
      filter.anyEpc.map(itemKey).some((k) => epcs.includes(k) || parent.includes(k))) &&
    (filter.geEventTime === undefined || time >= Date.parse(filter.geEventTime)) &&
    (filter.ltEventTime === undefined || time < Date.parse(filter.ltEventTime)) &&
    (filter.bizLocation === undefined ||
      (location !== undefined &&
        filter.bizLocation.map(locationKey).includes(locationKey(location.id))))
  );
}

/** A page of the query's answer: the EPCIS query document and, when more may follow, a token. */
export interface EventPage {
  readonly document: object;
  readonly nextPageToken?: string;
}

/**
 * Answers an EPCIS event query from the ledger's own event log: the chaincode events in commit
 * order, each seen only by the parties it concerns (and the regulator), the same rule as the
 * event stream. A page holds at most `perPage` events and reads past at most
 * {@link MAX_EVENTS_SCANNED} ledger events; a token resumes after the last one read. Tokens are
 * signed with `tokenKey` for the user and the filter (see page-token.ts): another's, another
 * query's or a made-up one is refused with 400 before the ledger's events are read.
 */
export async function queryEvents(
  ledger: LedgerCaller,
  user: User,
  filter: EventFilter,
  perPage: number,
  pageToken: string | undefined,
  now: Date,
  tokenKey: Uint8Array,
): Promise<EventPage> {
  const scope: PageTokenScope = { username: user.username, filter };
  const height = await ledger.blockHeight();
  const token =
    pageToken === undefined ? undefined : readPageToken(tokenKey, scope, pageToken, height);
  const endBlock = token?.endBlock ?? height;
  const eventList: EpcisEvent[] = [];
  let last: EventCursor | undefined;
  let scanned = 0;
  let more = false;
  await ledger.readEvents(
    token === undefined ? { from: 'start' } : { after: token.after },
    endBlock,
    (committed) => {
      const event = JSON.parse(committed.payload.toString('utf8')) as LedgerEvent;
      const found = maySee(user, event)
        ? (event.epcis ?? [])
            .map((fields, index) => epcisEventOf(event, fields, index))
            .filter((e) => matches(e, filter))
        : [];
      if (eventList.length > 0 && eventList.length + found.length > perPage) {
        more = true;
        return false;
      }
      eventList.push(...found);
      last = committed;
      scanned += 1;
      if (scanned >= MAX_EVENTS_SCANNED) {
        more = true;
        return false;
      }
      return true;
    },
  );
  return {
    document: {
      '@context': [EPCIS_CONTEXT],
      type: 'EPCISQueryDocument',
      schemaVersion: '2.0',
      creationDate: now.toISOString(),
      epcisBody: {
        queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList } },
      },
    },
    ...(more && last !== undefined
      ? { nextPageToken: signPageToken(tokenKey, scope, { after: last, endBlock }) }
      : {}),
  };
}
