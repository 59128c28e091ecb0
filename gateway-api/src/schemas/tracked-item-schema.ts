import {
  DECOMMISSION_REASONS,
  type Container,
  type Decommission,
  type Item,
  type ItemStatus,
  type Pack,
  type Quarantine,
} from '@packtrace/chaincode/client';
import { z } from 'zod';
import { HistoryEntrySchema } from './history-entry-schema';
import { ItemRefSchema } from './item-ref-schema';
import { shapeOf } from './model-shape';

/** active, inactive (decommissioned), quarantined, illegitimate, or unpacked (a container). */
export const ItemStatusSchema = shapeOf<ItemStatus>()(
  z.enum(['active', 'inactive', 'quarantined', 'illegitimate', 'unpacked']).meta({
    id: 'ItemStatus',
  }),
);

/** Which open alerts hold an item, and the status it returns to when they are cleared. */
export const QuarantineSchema = shapeOf<Quarantine>()(
  z
    .object({ alertIds: z.array(z.string()), previousStatus: ItemStatusSchema })
    .meta({ id: 'Quarantine' }),
);

/** A decommissioning (undoable for ten days by the same party). */
export const DecommissionSchema = shapeOf<Decommission>()(
  z
    .object({
      reason: z.enum(DECOMMISSION_REASONS),
      by: z.string(),
      at: z.string(),
      note: z.string(),
      txId: z.string(),
      previousCustodian: z.string(),
    })
    .meta({ id: 'Decommission' }),
);

const trackedFields = {
  custodian: z.string().meta({ description: 'GLN of the party holding it when it stands alone' }),
  shipment: z.string().nullable().meta({ description: 'the shipment it travels in' }),
  parent: z.string().nullable().meta({ description: 'SSCC of the container holding it' }),
  status: ItemStatusSchema,
  quarantine: z.union([QuarantineSchema, z.null()]),
  holders: z.array(z.string()).meta({ description: 'every party that has held it, in order' }),
  lastEvent: HistoryEntrySchema,
};

/** One serialised pack. */
export const PackSchema = shapeOf<Pack>()(
  z
    .object({
      docType: z.literal('pack'),
      gtin: z.string(),
      serial: z.string(),
      lot: z.string(),
      decommission: z.union([DecommissionSchema, z.null()]),
      ...trackedFields,
    })
    .meta({ id: 'Pack' }),
);

/** A case or pallet. */
export const ContainerSchema = shapeOf<Container>()(
  z
    .object({
      docType: z.literal('container'),
      sscc: z.string(),
      kind: z.enum(['case', 'pallet']),
      children: z.array(ItemRefSchema),
      batches: z.array(z.string()).meta({ description: 'the batches inside, as `gtin/lot`' }),
      heldPacks: z.number().meta({ description: 'quarantined or illegitimate packs inside' }),
      ...trackedFields,
    })
    .meta({ id: 'Container' }),
);

/** A pack or a container record. */
export const TrackedItemSchema = shapeOf<Item>()(
  z.discriminatedUnion('docType', [PackSchema, ContainerSchema]).meta({ id: 'Item' }),
);
