import { z } from 'zod';

const QuantityListSchema = z.array(
  z.object({ epcClass: z.string(), quantity: z.number().optional(), uom: z.string().optional() }),
);

const QueryEventSchema = z
  .object({
    type: z.enum([
      'ObjectEvent',
      'AggregationEvent',
      'TransactionEvent',
      'TransformationEvent',
      'AssociationEvent',
    ]),
    eventID: z.string(),
    eventTime: z.string(),
    eventTimeZoneOffset: z.string(),
    recordTime: z.string(),
    action: z
      .enum(['ADD', 'OBSERVE', 'DELETE'])
      .optional()
      .meta({ description: 'absent from a TransformationEvent' }),
    bizStep: z
      .string()
      .optional()
      .meta({ description: 'absent when a captured observation gave none' }),
    disposition: z
      .string()
      .optional()
      .meta({ description: 'absent when a captured observation gave none' }),
    readPoint: z.object({ id: z.string() }),
    bizLocation: z.object({ id: z.string() }).optional(),
    epcList: z.array(z.string()).optional(),
    parentID: z.string().optional(),
    childEPCs: z.array(z.string()).optional(),
    quantityList: QuantityListSchema.optional(),
    childQuantityList: QuantityListSchema.optional(),
    inputEPCList: z.array(z.string()).optional(),
    inputQuantityList: QuantityListSchema.optional(),
    outputEPCList: z.array(z.string()).optional(),
    outputQuantityList: QuantityListSchema.optional(),
    transformationID: z.string().optional(),
    sourceList: z.array(z.object({ type: z.string(), source: z.string() })).optional(),
    destinationList: z.array(z.object({ type: z.string(), destination: z.string() })).optional(),
    errorDeclaration: z
      .object({
        declarationTime: z.string(),
        reason: z.string().optional(),
        correctiveEventIDs: z.array(z.string()).optional(),
      })
      .optional()
      .meta({ description: 'present when the event was declared in error (EPCIS 2.0 §7.4.1.2)' }),
  })
  .meta({ id: 'EpcisQueryEvent' });

/** The EPCIS 2.0 query document `GET /epcis/events` answers. */
export const QueryDocumentSchema = z
  .object({
    '@context': z.array(z.string()),
    type: z.literal('EPCISQueryDocument'),
    schemaVersion: z.literal('2.0'),
    creationDate: z.string(),
    epcisBody: z.object({
      queryResults: z.object({
        queryName: z.literal('SimpleEventQuery'),
        resultsBody: z.object({ eventList: z.array(QueryEventSchema) }),
      }),
    }),
  })
  .meta({ id: 'EpcisQueryDocument', description: 'a GS1 EPCIS 2.0 query document' });

/** The binding's collection of event types (`GET /epcis/eventTypes`). */
export const EventTypeCollectionSchema = z
  .object({
    '@context': z.string(),
    type: z.literal('Collection'),
    member: z.array(z.string()),
  })
  .meta({ id: 'EpcisEventTypeCollection', description: 'the EPCIS event types' });
