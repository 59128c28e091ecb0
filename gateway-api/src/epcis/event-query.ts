import type { LedgerEvent } from '@packtrace/chaincode/client';
import type { ChaincodeEvent, EventCursor } from '@packtrace/ledger';
import { ApiError } from '../errors/api-error';
import type { LedgerCaller } from '../ledger/ledger-caller';
import { maySee, visibleEpcis } from '../ledger/event-visibility';
import type { User } from '../identity/user-directory';
import { EPCIS_CONTEXT } from './pack-epcis-document';
import { epcisEventOf, type EpcisEvent } from './epcis-event-view';
import { attachErrorDeclarations } from './error-declarations';
import {
  asksForDeclarations,
  matchesFilter,
  withoutDeclarations,
  type EventFilter,
} from './event-filter';
import { readPageToken, signPageToken, type PageTokenScope } from './page-token';
import type { EventQuery } from './query-parameters';
import { orderEvents } from './query-order';

/** The most ledger events one page of a query in commit order reads past before it answers. */
export const MAX_EVENTS_SCANNED = 5000;

/**
 * The most ledger events a query answered whole (ordered by `orderBy`, or counted against
 * `maxEventCount`) reads, and the most matching events it holds: the log is walked forwards, so
 * an order over it needs every match first. Beyond either, 413 `QUERY_TOO_LARGE`.
 */
export const MAX_ORDERED_SCAN = 100_000;
export const MAX_ORDERED_EVENTS = 10_000;

/** A page of the query's answer: the EPCIS query document and, when more may follow, a token. */
export interface EventPage {
  readonly document: object;
  readonly nextPageToken?: string;
}

/** The EPCIS events of one ledger event the user may see that match the filter. */
function matchingEvents(user: User, committed: ChaincodeEvent, filter: EventFilter): EpcisEvent[] {
  const event = JSON.parse(committed.payload.toString('utf8')) as LedgerEvent;
  if (!maySee(user, event)) {
    return [];
  }
  return visibleEpcis(user, event)
    .map(({ fields, index }) => epcisEventOf(event, fields, index))
    .filter((e) => matchesFilter(e, filter));
}

/** The query document of a page: its one eventList. */
export function queryDocument(eventList: readonly EpcisEvent[], now: Date): object {
  return {
    '@context': [EPCIS_CONTEXT],
    type: 'EPCISQueryDocument',
    schemaVersion: '2.0',
    creationDate: now.toISOString(),
    epcisBody: {
      queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList } },
    },
  };
}

const tooLarge = (message: string) => new ApiError(413, 'QUERY_TOO_LARGE', message);

/**
 * Every event up to `endBlock` the user may see that matches `filter`, in commit order: for
 * answers that must be whole before they are paged. Bounded by {@link MAX_ORDERED_SCAN} ledger
 * events read and `limit` matches held (413 `QUERY_TOO_LARGE` beyond).
 */
async function gatherEvents(
  ledger: LedgerCaller,
  user: User,
  filter: EventFilter,
  endBlock: number,
  limit: number,
  limitMessage: (found: number) => string,
): Promise<EpcisEvent[]> {
  // Declarations are not in the log: they are looked up for the events the rest of the filter
  // keeps, then the whole filter applies.
  const candidates = withoutDeclarations(filter);
  const found: EpcisEvent[] = [];
  let scanned = 0;
  let over: ApiError | undefined;
  await ledger.readEvents({ from: 'start' }, endBlock, (committed) => {
    scanned += 1;
    found.push(...matchingEvents(user, committed, candidates));
    if (found.length > limit) {
      over = tooLarge(limitMessage(found.length));
      return false;
    }
    if (scanned >= MAX_ORDERED_SCAN) {
      over = tooLarge(
        `ordering or counting reads the whole event log, and this one holds more than ${MAX_ORDERED_SCAN} ledger events: leave out orderBy and maxEventCount to page in commit order`,
      );
      return false;
    }
    return true;
  });
  if (over !== undefined) {
    throw over;
  }
  if (candidates === filter) {
    return found;
  }
  await attachErrorDeclarations(ledger, found);
  return found.filter((event) => matchesFilter(event, filter));
}

/**
 * The one event named `eventID` the user may see, or undefined: read from the whole log (as
 * far as {@link MAX_ORDERED_SCAN} ledger events).
 */
export async function findEvent(
  ledger: LedgerCaller,
  user: User,
  eventID: string,
): Promise<EpcisEvent | undefined> {
  const height = await ledger.blockHeight();
  const found = await gatherEvents(
    ledger,
    user,
    { eventID: [eventID] },
    height,
    MAX_ORDERED_EVENTS,
    () => 'more events than the gateway holds carry this id',
  );
  const event = found.slice(0, 1);
  await attachErrorDeclarations(ledger, event);
  return event[0];
}

/**
 * Answers an EPCIS event query from the ledger's own event log: the chaincode events in commit
 * order, each seen only by the parties it concerns (and the regulator), the same rule as the
 * event stream, up to the block height when the first page was asked.
 *
 * In commit order (no `orderBy`, no `maxEventCount`, no error declaration criterion) a page
 * holds at most `perPage` events and reads past at most {@link MAX_EVENTS_SCANNED} ledger
 * events; a token resumes after the last one read, or inside a transaction whose events the page
 * divides. Ordered, counted or filtered by error declarations (which the ledger keeps apart from
 * its event log, looked up for the events the other criteria keep), the answer is gathered whole
 * from the same snapshot on every page (bounded, see {@link MAX_ORDERED_SCAN}) and a token names
 * an offset into it. Tokens are signed with `tokenKey` for the user and the query (see
 * page-token.ts): another's, another query's or a made-up one is refused with 400 before the
 * ledger's events are read.
 */
export async function queryEvents(
  ledger: LedgerCaller,
  user: User,
  query: EventQuery,
  perPage: number,
  pageToken: string | undefined,
  now: Date,
  tokenKey: Uint8Array,
): Promise<EventPage> {
  const scope: PageTokenScope = { username: user.username, filter: query };
  const height = await ledger.blockHeight();
  const token =
    pageToken === undefined ? undefined : readPageToken(tokenKey, scope, pageToken, height);
  const endBlock = token?.endBlock ?? height;

  if (
    query.order !== undefined ||
    query.maxCount !== undefined ||
    asksForDeclarations(query.filter)
  ) {
    const maxCount = query.maxCount;
    const found = await gatherEvents(
      ledger,
      user,
      query.filter,
      endBlock,
      maxCount ?? MAX_ORDERED_EVENTS,
      (count) =>
        maxCount === undefined
          ? `more than ${MAX_ORDERED_EVENTS} events match, more than the gateway orders at once: narrow the query`
          : `more than maxEventCount (${maxCount}) events match (at least ${count})`,
    );
    const ordered = query.order === undefined ? found : orderEvents(found, query.order);
    const answer = query.countLimit === undefined ? ordered : ordered.slice(0, query.countLimit);
    const offset = token !== undefined && 'offset' in token ? token.offset : 0;
    const eventList = answer.slice(offset, offset + perPage);
    if (!asksForDeclarations(query.filter)) {
      await attachErrorDeclarations(ledger, eventList);
    }
    return {
      document: queryDocument(eventList, now),
      ...(offset + perPage < answer.length
        ? {
            nextPageToken: signPageToken(tokenKey, scope, {
              offset: offset + perPage,
              endBlock,
            }),
          }
        : {}),
    };
  }

  const resume = token === undefined || 'offset' in token ? undefined : token;
  const eventList: EpcisEvent[] = [];
  // The last ledger event whose matches are all given, and how many of the next one's are.
  let last: EventCursor | undefined = resume?.after;
  let skip = resume?.skip ?? 0;
  let given: number | undefined;
  let scanned = 0;
  let more = false;
  await ledger.readEvents(
    last === undefined ? { from: 'start' } : { after: last },
    endBlock,
    (committed) => {
      const found = matchingEvents(user, committed, query.filter).slice(skip);
      const before = skip;
      skip = 0;
      const room = perPage - eventList.length;
      if (found.length > room) {
        // One transaction may carry more events than fit: the page ends inside it.
        eventList.push(...found.slice(0, room));
        given = before + room;
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
  await attachErrorDeclarations(ledger, eventList);
  const next = {
    ...(last === undefined ? {} : { after: last }),
    ...(given === undefined || given === 0 ? {} : { skip: given }),
    endBlock,
  };
  return {
    document: queryDocument(eventList, now),
    ...(more ? { nextPageToken: signPageToken(tokenKey, scope, next) } : {}),
  };
}
