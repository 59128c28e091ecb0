import type { HistoryEntry, ProvenanceEntry } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { shapeOf } from './model-shape';

const historyFields = {
  action: z.string().meta({ description: 'machine name of the change, e.g. `shipped`' }),
  txId: z.string(),
  eventId: z.string().optional().meta({
    description:
      'the EPCIS event this change was part of, as the EPCIS query, export and event stream name it',
  }),
  at: z.string().meta({ description: 'transaction time, ISO 8601 UTC' }),
  by: z.string().meta({ description: 'GLN of the party that made the change' }),
  bizStep: z.string().meta({ description: 'CBV 2.0 business step' }),
  disposition: z.string().meta({ description: 'CBV 2.0 disposition after the change' }),
  from: z.string().optional(),
  to: z.string().optional(),
  container: z.string().optional(),
  shipment: z.string().optional(),
  alert: z.string().optional(),
  note: z.string().optional(),
};

/** The last change to a record (each version of a record carries one). */
export const HistoryEntrySchema = shapeOf<HistoryEntry>()(
  z.object(historyFields).meta({ id: 'HistoryEntry' }),
);

/** One line of a pack's provenance: a change to the pack, to a container around it, or a scan. */
export const ProvenanceEntrySchema = shapeOf<ProvenanceEntry>()(
  z
    .object({
      ...historyFields,
      subject: z.enum(['pack', 'container', 'scan']),
      sscc: z.string().optional().meta({ description: 'the SSCC when the subject is a container' }),
      errorDeclaration: z
        .object({
          declarationTime: z.string(),
          reason: z.string().optional(),
          correctiveEventIDs: z.array(z.string()),
        })
        .optional()
        .meta({ description: 'the EPCIS error its recorder declared on this event, if any' }),
    })
    .meta({ id: 'ProvenanceEntry' }),
);
