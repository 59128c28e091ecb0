import { Tx } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { captureDocument } from '../epcis/capture-document';
import { CAPTURE_ERROR_BEHAVIOURS, type CaptureErrorBehaviour } from '../epcis/capture-jobs';
import { ApiError } from '../errors/api-error';
import { defineRoute } from '../http/route-definition';
import { CaptureJobListSchema, CaptureJobSchema } from '../schemas/epcis-capture-job-schema';

/*
 * EPCIS 2.0's REST binding over the ledger, at /api/v1/epcis: capture (a trading partner's own
 * system posts an EPCIS document, recorded whole or not at all unless it asks to proceed event by
 * event) and its jobs.
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

/**
 * The `GS1-Capture-Error-Behaviour` a capture asks for: `rollback` when absent, as the binding
 * says.
 *
 * @throws ApiError 400 `CAPTURE_BEHAVIOUR_INVALID` for any other value (`all` included: the
 * binding keeps it for a server announcing what it supports)
 */
function captureErrorBehaviourOf(header: string | undefined): CaptureErrorBehaviour {
  if (header === undefined) {
    return 'rollback';
  }
  const behaviour = CAPTURE_ERROR_BEHAVIOURS.find((known) => known === header.trim());
  if (behaviour === undefined) {
    throw new ApiError(
      400,
      'CAPTURE_BEHAVIOUR_INVALID',
      `GS1-Capture-Error-Behaviour must be rollback (the default: the document recorded whole or not at all) or proceed (each event recorded or refused on its own), got ${JSON.stringify(header.slice(0, 40))}; nothing was recorded`,
    );
  }
  return behaviour;
}

/** EPCIS 2.0 capture and its jobs. */
export const epcisCaptureRoutes = [
  defineRoute({
    method: 'post',
    path: '/epcis/capture',
    summary:
      'Capture an EPCIS 2.0 document: recorded whole or not at all (rollback), or event by event (proceed); a capture job reports each event',
    description:
      'The GS1-Capture-Error-Behaviour header chooses, as EPCIS 2.0’s REST binding says: rollback (the default) records every event in one ledger transaction or none, and the job names the event refused and why, every other event not_recorded; proceed records each event on its own, whole or refused whole. Any other value is 400 CAPTURE_BEHAVIOUR_INVALID. A document captured whole holds at most one shipping and one receiving event and no errorDeclaration beside other events (docs/epcis.md).',
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
      const behaviour = captureErrorBehaviourOf(req.get('GS1-Capture-Error-Behaviour'));
      const results = await captureDocument(ledger, body, behaviour);
      const job = epcis.captures.add(user.username, createdAt, behaviour, results);
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
    // Any string, as the binding types it: one naming no job of the caller's is 404, not 400.
    params: z.strictObject({
      captureID: z
        .string()
        .min(1)
        .max(100)
        .meta({ example: '1d3c3a0e-8a53-4c5e-9d7e-1f0f3c0b9a11' }),
    }),
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
