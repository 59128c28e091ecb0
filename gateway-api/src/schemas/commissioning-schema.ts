import type { CommissionResult } from '@packtrace/chaincode/client';
import { z } from 'zod';
import type { CommissioningJob } from '../batches/commissioning-jobs';
import { BatchSchema } from './batch-schema';
import { shapeOf } from './model-shape';

/** Packs commissioned at once: the batch, how many were new, and every serial of the request. */
export const CommissionedSchema = shapeOf<CommissionResult & { serials: readonly string[] }>()(
  z
    .object({
      batch: BatchSchema,
      created: z.number().int(),
      alreadyPresent: z.number().int(),
      serials: z
        .array(z.string())
        .meta({ description: 'the serials commissioned, as sent or drawn' }),
    })
    .meta({ id: 'Commissioned' }),
);

/** A commissioning job: a large request committed in chunks in the background. */
export const CommissioningJobSchema = shapeOf<CommissioningJob>()(
  z
    .object({
      id: z.string(),
      username: z.string(),
      gtin: z.string(),
      lot: z.string(),
      expiry: z.string(),
      total: z.number().int(),
      chunkSize: z.number().int(),
      chunks: z.number().int(),
      doneChunks: z.array(z.number().int()),
      committed: z.number().int(),
      status: z.enum(['running', 'completed', 'failed']),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
      createdAt: z.string(),
      updatedAt: z.string(),
    })
    .meta({ id: 'CommissioningJob' }),
);

/** A request that became a job (202): follow it at `Location` or with GET /jobs/{id}. */
export const JobAcceptedSchema = z
  .object({ job: CommissioningJobSchema })
  .meta({ id: 'JobAccepted' });
