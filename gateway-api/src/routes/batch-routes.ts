import { Tx } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { generateSerials } from '../batches/serial-generator';
import { validateSerials } from '../batches/serial-validation';
import { ApiError } from '../errors/api-error';
import { defineRoute } from '../http/route-definition';
import { MAX_ISSUES_LISTED } from '../errors/validation-failure';
import { BatchSchema } from '../schemas/batch-schema';
import {
  CommissionedSchema,
  CommissioningJobSchema,
  JobAcceptedSchema,
} from '../schemas/commissioning-schema';
import { Fields, PageQuery } from '../schemas/field-schemas';
import { SerialPageSchema } from '../schemas/page-schema';

/** The most packs one request may commission. */
export const MAX_BATCH_REQUEST = 1_000_000;

/**
 * The most packs a request commissions before answering; more become a job with progress. Well
 * under what one transaction may carry (MAX_SERIALS_PER_CALL), so a synchronous answer comes
 * within a second or two on Fabric and anything longer shows progress and resumes after a crash.
 */
export const SERIALS_COMMITTED_AT_ONCE = 5_000;

const BatchParams = z.strictObject({ gtin: Fields.gtin, lot: Fields.lot });

/** Batches: commissioning (synchronously, or as a resumable job), reading, recalling. */
export const batchRoutes = [
  defineRoute({
    method: 'post',
    path: '/batches',
    summary: `Commission packs of a batch, with the serials given or a count of random serials. Up to ${SERIALS_COMMITTED_AT_ONCE.toLocaleString('en')} are committed at once (201); more become a job (202) whose progress can be read and streamed.`,
    tag: 'batches',
    rule: Tx.CommissionPacks,
    writes: true,
    extraErrorStatuses: [429],
    status: 201,
    bodyLimit: '32mb',
    body: z
      .strictObject({
        gtin: Fields.gtin,
        lot: Fields.lot,
        expiry: Fields.expiry,
        // Only the count is checked here, before any serial: a million bad serials must not
        // become a million issues. validateSerials checks each, yielding the event loop.
        serials: z
          .array(z.unknown())
          .min(1)
          .max(MAX_BATCH_REQUEST)
          .optional()
          .meta({
            description: `1-${MAX_BATCH_REQUEST.toLocaleString('en')} serials, each 1-20 characters of the GS1 82-character set; a refusal lists the first ${MAX_ISSUES_LISTED} bad ones and their total`,
            items: { type: 'string', minLength: 1, maxLength: 20, example: 'SN00012345' },
          }),
        count: z.number().int().min(1).max(MAX_BATCH_REQUEST).optional(),
      })
      .refine((body) => (body.serials === undefined) !== (body.count === undefined), {
        message: 'give either serials or count, not both',
      }),
    response: CommissionedSchema,
    otherResponses: { 202: JobAcceptedSchema },
    handle: async ({ ledger, body, user, jobs, res, idempotencySeed }) => {
      // A party without room for another job is refused before a million serials are drawn or
      // checked (jobs.start checks again, atomically).
      if ((body.count ?? body.serials?.length ?? 0) > SERIALS_COMMITTED_AT_ONCE) {
        jobs.checkRoom(user, idempotencySeed);
      }
      // Retries of one request generate the same serials, so a retry never commissions more.
      const serials =
        body.serials === undefined
          ? generateSerials(body.count ?? 0, idempotencySeed)
          : await validateSerials(body.serials);
      if (new Set(serials).size !== serials.length) {
        throw new ApiError(409, 'DUPLICATE_ITEM', 'the same serial appears twice in the request');
      }
      if (serials.length <= SERIALS_COMMITTED_AT_ONCE) {
        const result = await ledger.submit(
          Tx.CommissionPacks,
          body.gtin,
          body.lot,
          body.expiry,
          JSON.stringify(serials),
        );
        return { ...result, serials };
      }
      // Refuse at once what every chunk would refuse, rather than as a failed background job.
      const product = await ledger.evaluate(Tx.GetProduct, body.gtin);
      if (product.manufacturer !== user.gln) {
        throw new ApiError(
          403,
          'NOT_PRODUCT_OWNER',
          `product ${body.gtin} belongs to another manufacturer`,
        );
      }
      const job = await jobs.start(user, body.gtin, body.lot, body.expiry, serials, {
        ...(idempotencySeed === undefined ? {} : { seed: idempotencySeed }),
      });
      res.status(202).location(`/api/v1/jobs/${job.id}`);
      return { job };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/jobs/:id',
    summary: 'Progress of a commissioning job you started',
    tag: 'batches',
    rule: Tx.CommissionPacks,
    params: z.strictObject({ id: z.uuid() }),
    response: CommissioningJobSchema,
    handle: ({ params, user, jobs }) => {
      const job = jobs.get(params.id);
      if (job === undefined || job.username !== user.username) {
        throw new ApiError(404, 'JOB_NOT_FOUND', `no job ${params.id} of yours`);
      }
      return Promise.resolve(job);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/batches/:gtin/:lot',
    summary: 'Read a batch',
    tag: 'batches',
    rule: Tx.GetBatch,
    params: BatchParams,
    response: BatchSchema,
    handle: ({ ledger, params }) => ledger.evaluate(Tx.GetBatch, params.gtin, params.lot),
  }),
  defineRoute({
    method: 'get',
    path: '/batches/:gtin/:lot/packs',
    summary: 'List the serials of a batch (its manufacturer and the regulator)',
    tag: 'batches',
    rule: Tx.ListBatchPacks,
    params: BatchParams,
    query: PageQuery,
    response: SerialPageSchema,
    handle: ({ ledger, params, query }) =>
      ledger.evaluate(
        Tx.ListBatchPacks,
        params.gtin,
        params.lot,
        String(query.pageSize ?? ''),
        query.bookmark ?? '',
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/batches/:gtin/:lot/recall',
    summary: 'Recall a batch (its manufacturer or the regulator)',
    tag: 'batches',
    rule: Tx.RecallBatch,
    writes: true,
    params: BatchParams,
    body: z.strictObject({ reason: Fields.text(1000) }),
    response: BatchSchema,
    handle: ({ ledger, params, body }) =>
      ledger.submit(Tx.RecallBatch, params.gtin, params.lot, body.reason),
  }),
];
