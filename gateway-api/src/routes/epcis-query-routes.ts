import { z } from 'zod';
import { queryEvents } from '../epcis/event-query';
import { defineRoute } from '../http/route-definition';
import { QueryDocumentSchema } from '../schemas/epcis-query-document-schema';

/*
 * EPCIS 2.0's REST binding over the ledger, at /api/v1/epcis: the events query, from the
 * ledger's own event log. Capture is in epcis-capture-routes.ts. See docs/epcis.md.
 */

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 200;

/** A list parameter: values separated by `|` (as EPCIS 2.0's REST binding does) or commas. */
const List = (description: string) =>
  z
    .string()
    .max(4000)
    .transform((text) =>
      text
        .split(/[|,]/)
        .map((v) => v.trim())
        .filter((v) => v.length > 0),
    )
    .optional()
    .meta({ description });

const Time = (description: string) =>
  z.iso.datetime({ offset: true }).optional().meta({ description });

const EventsQuery = z.strictObject({
  eventType: List('event types, e.g. ObjectEvent|AggregationEvent'),
  EQ_bizStep: List('CBV business steps (bare, URN or GS1 web URI), e.g. shipping'),
  MATCH_epc: List('events whose epcList or childEPCs name one of these (Digital Link or EPC URN)'),
  MATCH_anyEPC: List('like MATCH_epc, and the parentID too'),
  GE_eventTime: Time('events at or after this time'),
  LT_eventTime: Time('events before this time'),
  EQ_bizLocation: List('business locations (GLN as Digital Link /414/ or SGLN URN)'),
  perPage: z.coerce.number().int().min(1).max(MAX_PER_PAGE).default(DEFAULT_PER_PAGE),
  nextPageToken: z.string().max(200).optional(),
});

/** EPCIS 2.0 event query. */
export const epcisQueryRoutes = [
  defineRoute({
    method: 'get',
    path: '/epcis/events',
    summary:
      'Query EPCIS 2.0 events you may see (those that concern your party; the regulator sees all)',
    tag: 'epcis',
    rule: 'signed-in',
    query: EventsQuery,
    response: QueryDocumentSchema,
    handle: async ({ query, ledger, user, epcis, req, res }) => {
      const page = await queryEvents(
        ledger,
        user,
        {
          ...(query.eventType === undefined ? {} : { eventType: query.eventType }),
          ...(query.EQ_bizStep === undefined ? {} : { bizStep: query.EQ_bizStep }),
          ...(query.MATCH_epc === undefined ? {} : { epc: query.MATCH_epc }),
          ...(query.MATCH_anyEPC === undefined ? {} : { anyEpc: query.MATCH_anyEPC }),
          ...(query.GE_eventTime === undefined ? {} : { geEventTime: query.GE_eventTime }),
          ...(query.LT_eventTime === undefined ? {} : { ltEventTime: query.LT_eventTime }),
          ...(query.EQ_bizLocation === undefined ? {} : { bizLocation: query.EQ_bizLocation }),
        },
        query.perPage,
        query.nextPageToken,
        new Date(),
        epcis.pageTokenKey,
      );
      if (page.nextPageToken !== undefined) {
        const next = new URLSearchParams(req.query as Record<string, string>);
        next.set('nextPageToken', page.nextPageToken);
        res.set('Link', `</api/v1/epcis/events?${next.toString()}>; rel="next"`);
        res.set('GS1-Next-Page-Token', page.nextPageToken);
      }
      res.type('application/ld+json');
      return page.document;
    },
  }),
];
