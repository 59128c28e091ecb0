import { z } from 'zod';
import {
  MAX_ORDERED_EVENTS,
  MAX_ORDERED_SCAN,
  findEvent,
  queryDocument,
  queryEvents,
} from '../epcis/event-query';
import type { EventFilter } from '../epcis/event-filter';
import { itemOfEpc } from '../epcis/epcis-identifiers';
import {
  EventsQuerySchema,
  eventQueryOf,
  type EventQuery,
  type EventsQuery,
} from '../epcis/query-parameters';
import { ApiError } from '../errors/api-error';
import { defineRoute, type RouteContext } from '../http/route-definition';
import {
  EventTypeCollectionSchema,
  QueryDocumentSchema,
} from '../schemas/epcis-query-document-schema';

/*
 * EPCIS 2.0's REST binding over the ledger, at /api/v1/epcis: the events query and the event
 * resources the binding derives from it (one event by id, the events of an EPC, of an event
 * type, of a business step), from the ledger's own event log. Capture is in
 * epcis-capture-routes.ts. See docs/epcis-query.md.
 */

/** The binding's five event types. */
const EVENT_TYPES = [
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
] as const;

/** Query documents are JSON-LD; a client may ask for them as plain JSON (the binding's default). */
const MEDIA = {
  responseType: 'application/json',
  alternativeResponseTypes: ['application/ld+json'],
} as const;

type EventsContext = RouteContext<unknown, EventsQuery, unknown>;

/**
 * Answers a page of events the caller may see that match the query and `resource` (what the
 * path names), with the binding's paging headers.
 */
async function answerEvents(
  { query, ledger, user, epcis, req, res }: EventsContext,
  resource: EventFilter = {},
): Promise<object> {
  const parsed = eventQueryOf(query);
  for (const name of Object.keys(resource)) {
    if (name in parsed.filter) {
      throw new ApiError(
        400,
        'VALIDATION_FAILED',
        `the path already says which events (${name}): leave the same criterion out of the query`,
        { issues: [{ where: 'query', path: name, message: 'named by the path' }], totalIssues: 1 },
      );
    }
  }
  const eventQuery: EventQuery = { ...parsed, filter: { ...parsed.filter, ...resource } };
  const page = await queryEvents(
    ledger,
    user,
    eventQuery,
    query.perPage,
    query.nextPageToken,
    new Date(),
    epcis.pageTokenKey,
  );
  if (page.nextPageToken !== undefined) {
    const next = new URLSearchParams(req.query as Record<string, string>);
    next.set('nextPageToken', page.nextPageToken);
    res.set('Link', `<${req.baseUrl}${req.path}?${next.toString()}>; rel="next"`);
    res.set('GS1-Next-Page-Token', page.nextPageToken);
  }
  return page.document;
}

const EPCIS_QUERY = 'SimpleEventQuery parameters';

/** What the query's schema cannot list: the binding's dynamic names, and what is refused. */
const QUERY_DESCRIPTION =
  'Besides the parameters listed, the binding’s dynamic ones: EQ_bizTransaction_{type}, ' +
  'EQ_source_{type} and EQ_destination_{type} (e.g. EQ_destination_owning_party). Parameters ' +
  'the platform cannot answer truly (sensor data, quantities, persistent dispositions, ' +
  'EQ_transformationID, ILMD and extension fields) and unknown names are refused with 400 ' +
  'epcisException:QueryParameterException saying why. orderBy and maxEventCount gather the ' +
  `whole answer first (at most ${MAX_ORDERED_SCAN} ledger events read, ${MAX_ORDERED_EVENTS} matches; beyond, 413 ` +
  'QueryTooLargeException). See docs/epcis-query.md.';

/** EPCIS 2.0 event queries and event resources. */
export const epcisQueryRoutes = [
  defineRoute({
    method: 'get',
    path: '/epcis/events',
    summary: `Query EPCIS 2.0 events you may see (those that concern your party; the regulator sees all) by the ${EPCIS_QUERY}`,
    tag: 'epcis',
    rule: 'signed-in',
    description: QUERY_DESCRIPTION,
    query: EventsQuerySchema,
    response: QueryDocumentSchema,
    ...MEDIA,
    extraErrorStatuses: [413],
    handle: (context) => answerEvents(context),
  }),
  defineRoute({
    method: 'get',
    path: '/epcis/events/:eventID',
    summary: 'Read one EPCIS 2.0 event you may see, by its eventID (URL-encoded)',
    tag: 'epcis',
    rule: 'signed-in',
    params: z.strictObject({
      eventID: z
        .string()
        .min(1)
        .max(1000)
        .meta({ example: 'urn:uuid:4d8b3a50-0d0c-4f7e-9d55-3e6b2f1a9c01' }),
    }),
    response: QueryDocumentSchema,
    ...MEDIA,
    handle: async ({ params, ledger, user }) => {
      const event = await findEvent(ledger, user, params.eventID);
      if (event === undefined) {
        throw new ApiError(
          404,
          'EVENT_NOT_FOUND',
          `no event ${params.eventID} that you may see is on the ledger`,
        );
      }
      return queryDocument([event], new Date());
    },
  }),
  defineRoute({
    method: 'get',
    path: '/epcis/epcs/:epc/events',
    summary: `Query the EPCIS 2.0 events you may see that name an EPC (URL-encoded Digital Link or EPC URN), by the ${EPCIS_QUERY}`,
    tag: 'epcis',
    rule: 'signed-in',
    params: z.strictObject({
      epc: z
        .string()
        .max(1000)
        .refine((epc) => itemOfEpc(epc) !== undefined, {
          message: 'a pack (SGTIN) or container (SSCC), as a GS1 Digital Link or an EPC URN',
        })
        .meta({ example: 'https://id.gs1.org/01/09506000134352/21/SN00012345' }),
    }),
    description: QUERY_DESCRIPTION,
    query: EventsQuerySchema,
    response: QueryDocumentSchema,
    ...MEDIA,
    extraErrorStatuses: [413],
    handle: (context) =>
      answerEvents(context as unknown as EventsContext, { anyEpc: [context.params.epc] }),
  }),
  defineRoute({
    method: 'get',
    path: '/epcis/eventTypes',
    summary: 'The EPCIS 2.0 event types (the binding’s five)',
    tag: 'epcis',
    rule: 'signed-in',
    response: EventTypeCollectionSchema,
    ...MEDIA,
    handle: () =>
      Promise.resolve({
        '@context': 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
        type: 'Collection' as const,
        member: [...EVENT_TYPES],
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/epcis/eventTypes/:eventType/events',
    summary: `Query the EPCIS 2.0 events of one type you may see, by the ${EPCIS_QUERY}`,
    tag: 'epcis',
    rule: 'signed-in',
    params: z.strictObject({ eventType: z.enum(EVENT_TYPES) }),
    description: QUERY_DESCRIPTION,
    query: EventsQuerySchema,
    response: QueryDocumentSchema,
    ...MEDIA,
    extraErrorStatuses: [413],
    handle: (context) =>
      answerEvents(context as unknown as EventsContext, {
        eventType: [context.params.eventType],
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/epcis/bizSteps/:bizStep/events',
    summary: `Query the EPCIS 2.0 events of one business step you may see, by the ${EPCIS_QUERY}`,
    tag: 'epcis',
    rule: 'signed-in',
    params: z.strictObject({
      bizStep: z
        .string()
        .min(1)
        .max(200)
        .meta({ description: 'bare CBV word, URN or GS1 web URI', example: 'shipping' }),
    }),
    description: QUERY_DESCRIPTION,
    query: EventsQuerySchema,
    response: QueryDocumentSchema,
    ...MEDIA,
    extraErrorStatuses: [413],
    handle: (context) =>
      answerEvents(context as unknown as EventsContext, { bizStep: [context.params.bizStep] }),
  }),
];
