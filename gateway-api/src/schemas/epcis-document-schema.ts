import { z } from 'zod';

const Id = z.object({ id: z.string() });

/** One EPCIS 2.0 event of a pack's provenance (identifiers are GS1 Digital Link URIs). */
export const EpcisEventSchema = z
  .object({
    type: z.enum(['ObjectEvent', 'AggregationEvent']),
    eventID: z.string().meta({
      description:
        'the event’s one id, as the EPCIS query and the event stream name it: a captured event’s own, otherwise a urn:uuid the ledger derived from its transaction',
    }),
    eventTime: z.string(),
    eventTimeZoneOffset: z.string(),
    action: z.enum(['ADD', 'OBSERVE', 'DELETE']),
    bizStep: z.string(),
    disposition: z.string(),
    readPoint: Id,
    bizLocation: Id.optional(),
    epcList: z.array(z.string()).optional(),
    parentID: z.string().optional(),
    childEPCs: z.array(z.string()).optional(),
    sourceList: z.array(z.object({ type: z.string(), source: z.string() })).optional(),
    destinationList: z.array(z.object({ type: z.string(), destination: z.string() })).optional(),
    /** A commissioning event's lot and expiry (CBV master data), so a capture can recreate the batch. */
    ilmd: z
      .object({ 'cbvmda:lotNumber': z.string(), 'cbvmda:itemExpirationDate': z.string() })
      .optional(),
    /** The error the event's recorder declared on it (EPCIS 2.0). */
    errorDeclaration: z
      .object({
        declarationTime: z.string(),
        reason: z.string().optional(),
        correctiveEventIDs: z.array(z.string()),
      })
      .optional(),
  })
  .meta({ id: 'EpcisEvent' });

/** A GS1 EPCIS 2.0 JSON-LD document. */
export const EpcisDocumentSchema = z
  .object({
    '@context': z.array(z.string()),
    type: z.literal('EPCISDocument'),
    schemaVersion: z.string(),
    creationDate: z.string(),
    epcisBody: z.object({ eventList: z.array(EpcisEventSchema) }),
  })
  .meta({ id: 'EpcisDocument' });
