import { Tx } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { captureDocument } from '../epcis/capture-document';
import { ApiError } from '../errors/api-error';
import { defineRoute } from '../http/route-definition';
import { CaptureJobListSchema, CaptureJobSchema } from '../schemas/epcis-capture-job-schema';

/*
 * EPCIS 2.0's REST binding over the ledger, at /api/v1/epcis: capture (a trading partner's own
 * system posts an EPCIS document; each event is recorded whole or refused whole) and its jobs.
 * The query is in epcis-query-routes.ts. See docs/epcis.md.
 */

/**
 * Largest accepted EPCIS document: room for one commissioning event of as many packs as the
 * ledger takes in one call, named by short EPC URNs (capture-bounds.ts bounds the lists).
 */
const CAPTURE_BODY_LIMIT = '2mb';

/** Capture jobs listed per page: the binding's default, and at most. */
const DEFAULT_JOBS_PER_PAGE = 30;
const MAX_JOBS_PER_PAGE = 200;
/** A capture-job page token: the number of the last job the previous page listed. */
const JOB_PAGE_TOKEN = /^[1-9][0-9]{0,14}$/;

/** EPCIS 2.0 capture and its jobs. */
export const epcisCaptureRoutes = [
  defineRoute({
    method: 'post',
    path: '/epcis/capture',
    summary:
      'Capture an EPCIS 2.0 document: each event recorded whole or refused whole; a capture job reports each',
    tag: 'epcis',
    rule: Tx.CaptureEvent,
    status: 202,
    bodyLimit: CAPTURE_BODY_LIMIT,
    body: z.record(z.string(), z.unknown()).meta({
      description:
        'an EPCISDocument or an EPCISQueryDocument, valid against GS1’s EPCIS 2.0 JSON Schema',
    }),
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
    path: '/epcis/capture',
    summary:
      'List the capture jobs you posted to this gateway, newest first, a page at a time (Link rel="next")',
    tag: 'epcis',
    rule: Tx.CaptureEvent,
    query: z.strictObject({
      perPage: z.coerce
        .number()
        .int()
        .min(1)
        .max(MAX_JOBS_PER_PAGE)
        .default(DEFAULT_JOBS_PER_PAGE)
        .meta({ description: `jobs per page (1-${MAX_JOBS_PER_PAGE})`, example: 30 }),
      nextPageToken: z
        .string()
        .max(200)
        .optional()
        .meta({ description: 'the token the previous page gave', example: '42' }),
    }),
    response: CaptureJobListSchema,
    handle: ({ query, user, epcis, req, res }) => {
      const token = query.nextPageToken;
      if (token !== undefined && !JOB_PAGE_TOKEN.test(token)) {
        throw new ApiError(
          400,
          'PAGE_TOKEN_INVALID',
          'nextPageToken is not a token this gateway gave for your capture jobs: start from the first page',
        );
      }
      const page = epcis.captures.list(user.username, query.perPage, token);
      if (page.next !== undefined) {
        const next = new URLSearchParams({
          perPage: String(query.perPage),
          nextPageToken: page.next,
        });
        res.set('Link', `<${req.baseUrl}${req.path}?${next.toString()}>; rel="next"`);
        res.set('GS1-Next-Page-Token', page.next);
      }
      return Promise.resolve(page.jobs);
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
];
