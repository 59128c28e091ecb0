import {
  DECOMMISSION_REASONS,
  type ContainerVerdicts,
  type PacksDecommissioned,
  type VerifiedDispense,
} from '@packtrace/chaincode/client';
import { z } from 'zod';
import { shapeOf } from './model-shape';
import { PackSchema } from './tracked-item-schema';
import { RecordedVerdictSchema, VerdictSchema } from './verdict-schema';

/** Every pack of a case or pallet and its verdict, the ones not to supply first. */
export const ContainerVerdictsSchema = shapeOf<ContainerVerdicts>()(
  z
    .object({
      sscc: z.string(),
      kind: z.enum(['case', 'pallet']),
      total: z.number().int().meta({ description: 'packs inside, nested cases included' }),
      doNotSupply: z.number().int().meta({ description: 'packs that may not be supplied' }),
      verdicts: z.array(VerdictSchema),
    })
    .meta({ id: 'ContainerVerdicts' }),
);

/** The packs one transaction took out of circulation. */
export const PacksDecommissionedSchema = shapeOf<PacksDecommissioned>()(
  z
    .object({
      sscc: z
        .string()
        .nullable()
        .meta({ description: 'the case or pallet emptied; null for a list of packs' }),
      reason: z.enum(DECOMMISSION_REASONS),
      count: z.number().int(),
      packs: z.array(z.object({ gtin: z.string(), serial: z.string() })),
      txId: z.string(),
    })
    .meta({ id: 'PacksDecommissioned' }),
);

/** A recorded verification and, when its verdict allowed it, the pack as dispensed. */
export const VerifiedDispenseSchema = shapeOf<VerifiedDispense>()(
  RecordedVerdictSchema.extend({
    dispensed: z.union([PackSchema, z.null()]).meta({
      description: 'the pack as dispensed; null when the verdict said not to supply it',
    }),
  }).meta({ id: 'VerifiedDispense' }),
);
