import { Tx } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { captureDocument } from '../epcis/capture-document';
import { queryEvents } from '../epcis/event-query';
import { ApiError } from '../errors/api-error';
import { defineRoute } from '../http/route-definition';
import { CaptureJobSchema } from '../schemas/epcis-capture-job-schema';
import { QueryDocumentSchema } from '../schemas/epcis-query-document-schema';

/*
 * EPCIS 2.0's REST binding over the ledger, at /api/v1/epcis: capture (a trading partner's own
 * system posts an EPCIS document; each event is recorded whole or refused whole) and the
 * events query. See docs/epcis.md.
 */

/**
 * Largest accepted EPCIS document: room for one commissioning event of as many packs as the
 * ledger takes in one call, named by short EPC URNs (capture-bounds.ts bounds the lists).
 */
const CAPTURE_BODY_LIMIT = '2mb';

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

/** EPCIS 2.0 capture and query. */
export const epcisRoutes = [
  defineRoute({
    method: 'post',
    path: '/epcis/capture',
    summary:
      'Capture an EPCIS 2.0 document: each event recorded whole or refused whole; a capture job reports each',
    tag: 'epcis',
    rule: Tx.CaptureEvent,
    status: 202,
    bodyLimit: CAPTURE_BODY_LIMIT,
    body: z
      .record(z.string(), z.unknown())
      .meta({ description: 'an EPCISDocument, valid against GS1’s EPCIS 2.0 JSON Schema' }),
    response: CaptureJobSchema,
    handle: async ({ body, ledger, user, epcis, req, res }) => {
      const createdAt = new Date();
      if (req.get('GS1-Capture-Error-Behaviour') === 'rollback') {
        throw new ApiError(
          400,
          'CAPTURE_BEHAVIOUR_UNSUPPORTED',
          'the ledger records each event whole or refuses it whole, and never rolls a document back: send GS1-Capture-Error-Behaviour proceed, or none',
        );
      }
      const results = await captureDocument(ledger, body);
      const job = epcis.captures.add(user.username, createdAt, results);
      res.location(`/api/v1/epcis/capture/${job.captureID}`);
      return job;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/epcis/capture/:captureID',
    summary: 'Read a capture job you posted to this gateway: what became of each event',
    tag: 'epcis',
    rule: Tx.CaptureEvent,
    params: z.strictObject({ captureID: z.uuid() }),
    response: CaptureJobSchema,
    handle: ({ params, user, epcis }) => {
      const job = epcis.captures.get(user.username, params.captureID);
      if (job === undefined) {
        throw new ApiError(
          404,
          'CAPTURE_JOB_NOT_FOUND',
          `this gateway has no capture job ${params.captureID} of yours (jobs are kept in memory; the ledger keeps what each event did)`,
        );
      }
      return Promise.resolve(job);
    },
  }),
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
