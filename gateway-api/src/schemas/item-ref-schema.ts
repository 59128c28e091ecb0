import type { ContainerRef, ItemRef, PackRef } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { shapeOf } from './model-shape';

/** A pack by GTIN and serial, as records refer to it. */
export const PackRefSchema = shapeOf<PackRef>()(
  z
    .object({ type: z.literal('pack'), gtin: z.string(), serial: z.string() })
    .meta({ id: 'PackRef' }),
);

/** A case or pallet by SSCC, as records refer to it. */
export const ContainerRefSchema = shapeOf<ContainerRef>()(
  z.object({ type: z.literal('container'), sscc: z.string() }).meta({ id: 'ContainerRef' }),
);

/** A pack or a container, as records refer to them. */
export const ItemRefSchema = shapeOf<ItemRef>()(
  z.discriminatedUnion('type', [PackRefSchema, ContainerRefSchema]).meta({ id: 'ItemRef' }),
);
