import {
  TRACE_REASONS,
  type ListedTraceRequest,
  type Page,
  type TraceAnswer,
  type TraceRequest,
} from '@packtrace/chaincode/client';
import { z } from 'zod';
import { ProvenanceEntrySchema } from './history-entry-schema';
import { shapeOf } from './model-shape';
import { pageOf } from './page-schema';

const requestFields = {
  docType: z.literal('trace-request'),
  id: z.string().meta({ description: 'the id of the transaction that recorded the request' }),
  subject: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('pack'), gtin: z.string(), serial: z.string() }),
    z.object({ kind: z.literal('lot'), gtin: z.string(), lot: z.string() }),
  ]),
  reason: z.enum(TRACE_REASONS),
  incident: z.string().meta({ description: 'the requester’s own incident or case number' }),
  test: z.boolean().meta({ description: 'a drill or system test, not a real investigation' }),
  requestedBy: z.string().meta({ description: 'GLN of the requester' }),
  requesterRole: z.enum(['regulator', 'manufacturer', 'distributor', 'pharmacy']),
  addressee: z.string().meta({ description: 'GLN of the party that answers: the manufacturer' }),
  requestedAt: z.string(),
  dueAt: z.string().meta({
    description: 'one business day after the request (Mon-Fri, UTC), at most 48 hours',
  }),
  dueRule: z.enum(['one-business-day', 'outer-limit-48h']),
  status: z.enum(['open', 'answered']),
  answer: z
    .object({
      answeredAt: z.string(),
      answeredBy: z.string(),
      onTime: z.boolean(),
      txId: z.string(),
    })
    .nullable(),
};

/** A trace request and its clock, as the ledger records it. */
export const TraceRequestSchema = shapeOf<TraceRequest>()(
  z.object(requestFields).meta({ id: 'TraceRequest' }),
);

/** A trace request in a listing, with whether it is overdue at the listing's `asOf`. */
export const ListedTraceRequestSchema = shapeOf<ListedTraceRequest>()(
  z
    .object({
      ...requestFields,
      overdue: z.boolean().meta({ description: 'open and past its due time at `asOf`' }),
    })
    .meta({ id: 'ListedTraceRequest' }),
);

export const TraceRequestPageSchema = shapeOf<Page<ListedTraceRequest>>()(
  pageOf(ListedTraceRequestSchema, 'TraceRequest'),
);

/** The answer: the transactions of the pack or lot up to when it was answered. */
export const TraceAnswerSchema = shapeOf<TraceAnswer>()(
  z
    .object({
      request: TraceRequestSchema,
      view: z.enum(['full', 'partner']).meta({
        description:
          'full for the regulator; partner: custody transactions only, no scans or notes',
      }),
      owners: z.array(z.string()).meta({
        description:
          "GLNs of every party this page's transactions name (a lot's owners are those of all its pages)",
      }),
      packs: z.array(
        z.object({
          gtin: z.string(),
          serial: z.string(),
          lot: z.string(),
          events: z.array(ProvenanceEntrySchema),
        }),
      ),
      complete: z.boolean().meta({ description: 'false while a lot has packs on further pages' }),
      bookmark: z.string().meta({
        description:
          "where the next page of a lot's packs starts (pass it as `bookmark`); empty on the last page",
      }),
    })
    .meta({ id: 'TraceAnswer' }),
);
