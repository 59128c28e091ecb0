import {
  DECOMMISSION_REASONS,
  VERDICT_REASON_CODES,
  type RecordedVerdict,
  type Verdict,
  type VerdictReason,
} from '@packtrace/chaincode/client';
import { z } from 'zod';
import { BatchSchema } from './batch-schema';
import { shapeOf } from './model-shape';
import { ProductSchema } from './product-schema';
import { ItemStatusSchema } from './tracked-item-schema';

/** One reason not to hand a pack over. */
export const VerdictReasonSchema = shapeOf<VerdictReason>()(
  z
    .object({
      code: z.enum(VERDICT_REASON_CODES),
      message: z.string(),
      euAlert: z.string().nullable().meta({ description: 'the EU hub alert it corresponds to' }),
      raisesAlert: z.boolean(),
    })
    .meta({ id: 'VerdictReason' }),
);

const verdictFields = {
  verdict: z.enum(['AUTHENTIC_ACTIVE', 'DO_NOT_SUPPLY']),
  reasons: z.array(VerdictReasonSchema),
  code: z.object({
    gtin: z.string(),
    serial: z.string(),
    lot: z.string().nullable(),
    expiry: z.string().nullable(),
  }),
  product: z.union([ProductSchema, z.null()]),
  batch: z.union([BatchSchema, z.null()]),
  pack: z
    .object({
      status: ItemStatusSchema,
      inactiveReason: z.enum(DECOMMISSION_REASONS).nullable(),
      inCallersCustody: z.boolean(),
    })
    .nullable(),
  checkedAt: z.string(),
  checkedBy: z.string(),
};

/** The answer to "may I hand this pack over?". */
export const VerdictSchema = shapeOf<Verdict>()(z.object(verdictFields).meta({ id: 'Verdict' }));

/** A verdict and the verification recorded with it. */
export const RecordedVerdictSchema = shapeOf<RecordedVerdict>()(
  z
    .object({
      ...verdictFields,
      scan: z.object({
        txId: z.string(),
        alertId: z.string().nullable().meta({ description: 'the alert the scan raised' }),
        request: z
          .object({
            protocol: z.literal('gs1-lightweight-verification'),
            context: z.string(),
            corrUUID: z.string(),
          })
          .optional()
          .meta({ description: 'the partner’s request, when the scan answered one' }),
      }),
    })
    .meta({ id: 'RecordedVerdict' }),
);
