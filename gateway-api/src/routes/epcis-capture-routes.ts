import { Tx } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { captureDocument } from '../epcis/capture-document';
import { ApiError } from '../errors/api-error';
import { defineRoute } from '../http/route-definition';
import { CaptureJobSchema } from '../schemas/epcis-capture-job-schema';

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
];
