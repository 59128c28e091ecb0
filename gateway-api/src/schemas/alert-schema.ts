import {
  CASE_STATES,
  ROOT_CAUSES,
  type Alert,
  type AlertResolution,
} from '@packtrace/chaincode/client';
import { z } from 'zod';
import { CaseTimelineEntrySchema, CaseVerificationRequestSchema } from './alert-case-schema';
import { ItemRefSchema } from './item-ref-schema';
import { shapeOf } from './model-shape';

/** The regulator's decision on an alert. */
export const AlertResolutionSchema = shapeOf<AlertResolution>()(
  z
    .object({
      outcome: z.enum(['confirmed', 'cleared']),
      by: z.string(),
      at: z.string(),
      note: z.string(),
      txId: z.string(),
    })
    .meta({ id: 'AlertResolution' }),
);

/** A suspicion, worked as a case by its raiser, the holder, the manufacturer and the regulator. */
export const AlertSchema = shapeOf<Alert>()(
  z
    .object({
      docType: z.literal('alert'),
      id: z.string(),
      kind: z.enum(['scan', 'flag', 'shipment_discrepancy']),
      reasons: z.array(z.string()).meta({
        description: 'verdict reason codes (scans) or discrepancy codes (shipments)',
      }),
      note: z.string(),
      raisedBy: z.string(),
      raisedAt: z.string(),
      txId: z.string(),
      items: z.array(ItemRefSchema),
      quarantined: z.array(ItemRefSchema),
      custodians: z.array(z.string()),
      shipmentId: z.string().nullable(),
      status: z.enum(['open', 'confirmed', 'cleared']),
      resolution: z.union([AlertResolutionSchema, z.null()]),
      state: z.enum(CASE_STATES).meta({ description: 'where the alert’s case stands' }),
      rootCause: z.enum(ROOT_CAUSES).nullable(),
      manufacturers: z.array(z.string()),
      timeline: z.array(CaseTimelineEntrySchema),
      verificationRequests: z.array(CaseVerificationRequestSchema),
    })
    .meta({ id: 'Alert' }),
);
