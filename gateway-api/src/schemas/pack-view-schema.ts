import type { Custody, PackHistory, PackView } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { ProvenanceEntrySchema } from './history-entry-schema';
import { shapeOf } from './model-shape';
import { PackSchema } from './tracked-item-schema';

/** Who holds an item and whether it travels, decided by its outermost container. */
export const CustodySchema = shapeOf<Custody>()(
  z.object({ custodian: z.string(), shipment: z.string().nullable() }).meta({ id: 'Custody' }),
);

/** A pack, its effective custody, and the containers around it (innermost first). */
export const PackViewSchema = shapeOf<PackView>()(
  z
    .object({ pack: PackSchema, custody: CustodySchema, containers: z.array(z.string()) })
    .meta({ id: 'PackView' }),
);

/** A pack and its provenance, oldest first. */
export const PackHistorySchema = shapeOf<PackHistory>()(
  z
    .object({ pack: PackSchema, events: z.array(ProvenanceEntrySchema) })
    .meta({ id: 'PackHistory' }),
);
