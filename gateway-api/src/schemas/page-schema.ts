import type { Alert, Item, Page, Party, Shipment } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { AlertSchema } from './alert-schema';
import { shapeOf } from './model-shape';
import { PartySchema } from './party-schema';
import { ShipmentSchema } from './shipment-schema';
import { TrackedItemSchema } from './tracked-item-schema';

/**
 * A page of a listing, named `<name>Page` in the OpenAPI document; the bookmark is empty on the
 * last page. Tie each to the chaincode's `Page<T>` with `shapeOf`, as below.
 */
export function pageOf<Item extends z.ZodType>(item: Item, name: string) {
  return z
    .object({
      items: z.array(item),
      bookmark: z.string().meta({ description: 'ask for the next page with it; empty at the end' }),
      count: z.number().int(),
    })
    .meta({ id: `${name}Page` });
}

export const PartyPageSchema = shapeOf<Page<Party>>()(pageOf(PartySchema, 'Party'));
export const ShipmentPageSchema = shapeOf<Page<Shipment>>()(pageOf(ShipmentSchema, 'Shipment'));
export const AlertPageSchema = shapeOf<Page<Alert>>()(pageOf(AlertSchema, 'Alert'));
export const ItemPageSchema = shapeOf<Page<Item>>()(pageOf(TrackedItemSchema, 'Item'));
export const SerialPageSchema = shapeOf<Page<string>>()(
  pageOf(z.string().meta({ description: 'a serial of the batch' }), 'Serial'),
);
