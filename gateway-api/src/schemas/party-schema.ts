import { PARTY_ROLES, type Party } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { HistoryEntrySchema } from './history-entry-schema';
import { shapeOf } from './model-shape';

/** A trading partner or the regulator. */
export const PartySchema = shapeOf<Party>()(
  z
    .object({
      docType: z.literal('party'),
      gln: z.string(),
      name: z.string(),
      role: z.enum(PARTY_ROLES),
      mspId: z.string().meta({ description: 'the Fabric MSP whose certificates speak for it' }),
      companyPrefixes: z.array(z.string()),
      status: z.enum(['authorised', 'suspended']),
      registeredAt: z.string(),
      lastEvent: HistoryEntrySchema,
    })
    .meta({ id: 'Party' }),
);
