import type { Batch, Recall } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { shapeOf } from './model-shape';

/** Why and by whom a batch was recalled, and whom the recall was addressed to. */
export const RecallSchema = shapeOf<Recall>()(
  z
    .object({
      by: z.string(),
      role: z.string(),
      at: z.string(),
      reason: z.string(),
      txId: z.string(),
      notified: z.array(z.string()),
    })
    .meta({ id: 'Recall' }),
);

/** A production batch (lot) of one product. */
export const BatchSchema = shapeOf<Batch>()(
  z
    .object({
      docType: z.literal('batch'),
      gtin: z.string(),
      lot: z.string(),
      expiry: z.string().meta({ description: 'AI 17 as printed, YYMMDD' }),
      expiryDate: z.string().meta({ description: 'last day the batch may be supplied (ISO date)' }),
      manufacturer: z.string(),
      commissionedAt: z.string(),
      status: z.enum(['active', 'recalled']),
      recall: z.union([RecallSchema, z.null()]),
    })
    .meta({ id: 'Batch' }),
);
