import type { Product } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { shapeOf } from './model-shape';

/** A medicinal product, by GTIN. */
export const ProductSchema = shapeOf<Product>()(
  z
    .object({
      docType: z.literal('product'),
      gtin: z.string().meta({ description: 'GTIN-14' }),
      name: z.string(),
      form: z.string(),
      strength: z.string(),
      packSize: z.number(),
      manufacturer: z.string().meta({ description: 'GLN of the manufacturer' }),
      registeredAt: z.string(),
      txId: z.string(),
    })
    .meta({ id: 'Product' }),
);
