import { SHIPMENT_STATUSES, type Shipment } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { HistoryEntrySchema } from './history-entry-schema';
import { ItemRefSchema } from './item-ref-schema';
import { shapeOf } from './model-shape';

/** A dispatch of items from one party to another. */
export const ShipmentSchema = shapeOf<Shipment>()(
  z
    .object({
      docType: z.literal('shipment'),
      id: z.string(),
      from: z.string(),
      to: z.string(),
      items: z.array(ItemRefSchema),
      isReturn: z.boolean(),
      status: z.enum(SHIPMENT_STATUSES).meta({
        description:
          'partially_received: received item by item (EPCIS receiving events), open for the rest until closed',
      }),
      shippedAt: z.string(),
      receivedAt: z.string().nullable(),
      received: z
        .array(ItemRefSchema)
        .optional()
        .meta({ description: 'items received so far by partial receipts' }),
      missing: z.array(ItemRefSchema),
      extra: z.array(ItemRefSchema),
      alertId: z.string().nullable(),
      lastEvent: HistoryEntrySchema,
    })
    .meta({ id: 'Shipment' }),
);
