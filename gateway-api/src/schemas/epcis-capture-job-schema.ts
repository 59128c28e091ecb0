import { z } from 'zod';

const EventResultSchema = z.discriminatedUnion('status', [
  z.object({
    eventID: z.string(),
    status: z.literal('recorded'),
    step: z.string().meta({ description: 'the business step it was recorded as' }),
    txId: z.string(),
  }),
  z.object({
    eventID: z.string(),
    status: z.literal('already_recorded'),
    txId: z.string().meta({ description: 'the transaction that recorded it first' }),
  }),
  z.object({
    eventID: z.string(),
    status: z.enum(['refused', 'not_confirmed', 'not_recorded']).meta({
      description:
        'refused: by the ledger or the gateway; not_confirmed: the ledger did not confirm (post again); not_recorded: another event of the document was refused (rollback)',
    }),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);

/** An EPCIS 2.0 capture job as `POST /epcis/capture` and `GET /epcis/capture/{id}` answer it. */
export const CaptureJobSchema = z
  .object({
    captureID: z.string(),
    createdAt: z.string(),
    finishedAt: z.string(),
    running: z.literal(false),
    success: z.boolean().meta({ description: 'every event is on the ledger' }),
    captureErrorBehaviour: z.enum(['rollback', 'proceed']).meta({
      description:
        'rollback (the default): every event recorded in one transaction, or none; proceed: each event recorded or refused on its own',
    }),
    errors: z.array(z.object({ eventID: z.string(), code: z.string(), message: z.string() })),
    events: z.array(EventResultSchema),
  })
  .meta({
    id: 'EpcisCaptureJob',
    description: 'an EPCIS 2.0 capture job, with each event’s outcome',
  });

/** The caller's capture jobs on this gateway, newest first, as `GET /epcis/capture` answers. */
export const CaptureJobListSchema = z.array(CaptureJobSchema).meta({
  id: 'EpcisCaptureJobList',
  description: 'your capture jobs on this gateway, newest first (a page of them)',
});
