import { DECOMMISSION_REASONS } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { BULK_OPERATIONS } from '../bulk/bulk-job';
import { MAX_PACKS_PER_JOB } from '../bulk/bulk-jobs';
import { ApiError } from '../errors/api-error';
import { defineRoute } from '../http/route-definition';
import { BulkJobSchema, BulkPackResultSchema } from '../schemas/bulk-job-schema';
import { Fields } from '../schemas/field-schemas';

const OTHER_REASONS = DECOMMISSION_REASONS.filter((reason) => reason !== 'dispensed') as [
  string,
  ...string[],
];

const JobParams = z.strictObject({ id: z.uuid() });

const BulkJobRequest = z
  .strictObject({
    operation: z.enum(BULK_OPERATIONS),
    packs: z
      .array(z.strictObject({ gtin: Fields.gtin, serial: Fields.serial }))
      .min(1)
      .max(MAX_PACKS_PER_JOB),
    reason: z
      .enum(OTHER_REASONS)
      .optional()
      .meta({ description: 'required for decommission, absent otherwise' }),
    note: Fields.note(500),
  })
  .superRefine((body, issues) => {
    if ((body.operation === 'decommission') !== (body.reason !== undefined)) {
      issues.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'a decommission job names its reason; verify and dispense jobs name none',
      });
    }
    const seen = new Set<string>();
    for (const [index, pack] of body.packs.entries()) {
      const key = `${pack.gtin}/${pack.serial}`;
      if (seen.has(key)) {
        issues.addIssue({
          code: 'custom',
          path: ['packs', index],
          message: `pack ${key} is listed twice`,
        });
        return;
      }
      seen.add(key);
    }
  });

function notFound(id: string): ApiError {
  return new ApiError(404, 'JOB_NOT_FOUND', `no bulk job ${id} of your organisation`);
}

/** Lists of up to tens of thousands of packs, verified, dispensed or decommissioned as a job. */
export const bulkJobRoutes = [
  defineRoute({
    method: 'post',
    path: '/bulk-jobs',
    summary: 'Verify, dispense or decommission a list of packs as a background job',
    description: `Up to ${String(MAX_PACKS_PER_JOB)} packs, sent in transactions of at most 500. A transaction refused for some of its packs records them as refused, with their reasons, and is sent again without them; each pack's result says exactly whether it was done. Dispensing: pharmacies; decommissioning: trading parties; verification: anyone (read-only, no scan recorded). Progress at GET /bulk-jobs/{id}, each pack's result, worst first, at GET /bulk-jobs/{id}/results.`,
    tag: 'packs',
    rule: 'signed-in',
    writes: true,
    status: 202,
    bodyLimit: '5mb',
    extraErrorStatuses: [429],
    body: BulkJobRequest,
    response: BulkJobSchema,
    handle: async ({ body, user, bulkJobs, res, idempotencySeed }) => {
      const job = await bulkJobs.start(user, body.operation, body.packs, {
        ...(body.reason === undefined ? {} : { reason: body.reason }),
        note: body.note,
        ...(idempotencySeed === undefined ? {} : { seed: idempotencySeed }),
      });
      res.location(`/api/v1/bulk-jobs/${job.id}`);
      return job;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/bulk-jobs/:id',
    summary: 'Progress of a bulk job of your organisation',
    tag: 'packs',
    rule: 'signed-in',
    params: JobParams,
    response: BulkJobSchema,
    handle: ({ params, user, bulkJobs }) => {
      const job = bulkJobs.get(params.id, user);
      if (job === undefined) {
        throw notFound(params.id);
      }
      return Promise.resolve(job);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/bulk-jobs/:id/results',
    summary: 'Each pack’s result in a bulk job, worst first (refused, not done, done)',
    tag: 'packs',
    rule: 'signed-in',
    params: JobParams,
    response: z.array(BulkPackResultSchema),
    handle: ({ params, user, bulkJobs }) => {
      const results = bulkJobs.results(params.id, user);
      if (results === undefined) {
        throw notFound(params.id);
      }
      return Promise.resolve(results);
    },
  }),
];
