import { z } from 'zod';
import type { BulkJob, BulkPackResult } from '../bulk/bulk-job';
import { BULK_OPERATIONS } from '../bulk/bulk-job';
import { shapeOf } from './model-shape';

/** A bulk job's state: its progress (done of total) and how many packs succeeded or failed. */
export const BulkJobSchema = shapeOf<BulkJob>()(
  z
    .object({
      id: z.string(),
      username: z.string(),
      operation: z.enum(BULK_OPERATIONS),
      reason: z.string().nullable(),
      note: z.string(),
      total: z.number().int(),
      chunkSize: z.number().int(),
      chunks: z.number().int(),
      doneChunks: z.number().int(),
      done: z.number().int().meta({ description: 'packs whose transaction has been answered' }),
      succeeded: z.number().int(),
      failed: z.number().int(),
      status: z.enum(['running', 'completed', 'failed', 'stopped']),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
      createdAt: z.string(),
      updatedAt: z.string(),
    })
    .meta({ id: 'BulkJob' }),
);

/** One pack's result in a bulk job. */
export const BulkPackResultSchema = shapeOf<BulkPackResult>()(
  z
    .object({
      gtin: z.string(),
      serial: z.string(),
      outcome: z.enum(['done', 'refused', 'not_done']),
      code: z.string().nullable(),
      message: z.string().nullable(),
      reasons: z.array(z.string()),
    })
    .meta({ id: 'BulkPackResult' }),
);
