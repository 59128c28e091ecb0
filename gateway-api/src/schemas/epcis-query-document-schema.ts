import { z } from 'zod';

const QueryEventSchema = z
  .object({
    type: z.enum(['ObjectEvent', 'AggregationEvent', 'TransactionEvent']),
    eventID: z.string(),
    eventTime: z.string(),
    eventTimeZoneOffset: z.string(),
    recordTime: z.string(),
    action: z.enum(['ADD', 'OBSERVE', 'DELETE']),
    bizStep: z.string(),
    disposition: z.string(),
    readPoint: z.object({ id: z.string() }),
    bizLocation: z.object({ id: z.string() }).optional(),
    epcList: z.array(z.string()).optional(),
    parentID: z.string().optional(),
    childEPCs: z.array(z.string()).optional(),
    quantityList: z.array(z.object({ epcClass: z.string() })).optional(),
    sourceList: z.array(z.object({ type: z.string(), source: z.string() })).optional(),
    destinationList: z.array(z.object({ type: z.string(), destination: z.string() })).optional(),
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
