import { TRACE_REASONS, Tx } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { traceAnswerEpcisDocument } from '../epcis/trace-answer-epcis';
import { defineRoute } from '../http/route-definition';
import { EpcisDocumentSchema } from '../schemas/epcis-document-schema';
import { Fields, PageQuery } from '../schemas/field-schemas';
import {
  TraceAnswerSchema,
  TraceRequestPageSchema,
  TraceRequestSchema,
} from '../schemas/trace-request-schema';

const RequestParams = z.strictObject({ id: Fields.recordId });

/** An instant in UTC, as the listing's `asOf` takes it. */
const Instant = z.iso.datetime().meta({
  description: 'the instant overdue is computed at (ISO 8601, UTC)',
  example: '2026-12-07T09:00:00Z',
});

/** DSCSA trace requests: asked with a reason, answered by the manufacturer within its clock. */
export const traceRequestRoutes = [
  defineRoute({
    method: 'post',
    path: '/trace-requests',
    summary:
      'Ask for a pack’s or lot’s transaction history with a reason (the regulator: anything; a partner: a pack it held, suspect or illegitimate)',
    description:
      'Recorded on the ledger, addressed to the product’s manufacturer and due one business day later (Monday to Friday, UTC; holidays not modelled), never more than 48 hours.',
    tag: 'trace-requests',
    rule: Tx.RequestTrace,
    writes: true,
    status: 201,
    body: z.strictObject({
      subject: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('pack'), gtin: Fields.gtin, serial: Fields.serial }),
        z.strictObject({ kind: z.literal('lot'), gtin: Fields.gtin, lot: Fields.lot }),
      ]),
      reason: z.enum(TRACE_REASONS),
      incident: Fields.text(64),
      test: z.boolean().default(false),
    }),
    response: TraceRequestSchema,
    handle: ({ ledger, body }) =>
      ledger.submit(
        Tx.RequestTrace,
        body.subject.kind,
        body.subject.gtin,
        body.subject.kind === 'pack' ? body.subject.serial : body.subject.lot,
        body.reason,
        body.incident,
        String(body.test),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/trace-requests',
    summary:
      'Trace requests of one status, soonest due first, with overdue computed at `asOf`: every request for the regulator, those you made or must answer otherwise',
    tag: 'trace-requests',
    rule: Tx.ListTraceRequests,
    query: z.strictObject({
      status: z.enum(['open', 'overdue', 'answered']).default('open'),
      asOf: Instant,
      pageSize: Fields.pageSize,
      bookmark: Fields.bookmark,
    }),
    response: TraceRequestPageSchema,
    handle: ({ ledger, query }) =>
      ledger.evaluate(
        Tx.ListTraceRequests,
        query.status,
        query.asOf,
        String(query.pageSize ?? ''),
        query.bookmark ?? '',
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/trace-requests/:id',
    summary: 'Read a trace request (the regulator, the requester or the addressee)',
    tag: 'trace-requests',
    rule: Tx.GetTraceRequest,
    params: RequestParams,
    response: TraceRequestSchema,
    handle: ({ ledger, params }) => ledger.evaluate(Tx.GetTraceRequest, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/trace-requests/:id/answer',
    summary:
      'Answer a trace request addressed to you: the ledger records when, and whether on time (the product’s manufacturer)',
    tag: 'trace-requests',
    rule: Tx.AnswerTraceRequest,
    writes: true,
    params: RequestParams,
    response: TraceRequestSchema,
    handle: ({ ledger, params }) => ledger.submit(Tx.AnswerTraceRequest, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/trace-requests/:id/answer',
    summary:
      'The answer: every owner and transaction of the pack or lot up to when it was answered (all for the regulator; custody transactions only for anyone else)',
    tag: 'trace-requests',
    description:
      "A lot's answer comes in pages of its packs (`pageSize`, at most 200, 50 by default): while `complete` is false, ask again with the answer's `bookmark`. A pack's answer is one page.",
    rule: Tx.GetTraceAnswer,
    params: RequestParams,
    query: PageQuery,
    response: TraceAnswerSchema,
    handle: ({ ledger, params, query }) =>
      ledger.evaluate(
        Tx.GetTraceAnswer,
        params.id,
        String(query.pageSize ?? ''),
        query.bookmark ?? '',
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/trace-requests/:id/answer/epcis',
    summary: 'The answer as a GS1 EPCIS 2.0 JSON-LD document, dated when it was answered',
    description:
      'One page of a lot\'s packs per document, as `GET /trace-requests/{id}/answer` pages them; while more follow, the `Link` header names the next page (`rel="next"`).',
    tag: 'trace-requests',
    rule: Tx.GetTraceAnswer,
    params: RequestParams,
    query: PageQuery,
    response: EpcisDocumentSchema,
    responseType: 'application/ld+json',
    handle: async ({ ledger, params, query, res }) => {
      const pageSize = String(query.pageSize ?? '');
      const answer = await ledger.evaluate(
        Tx.GetTraceAnswer,
        params.id,
        pageSize,
        query.bookmark ?? '',
      );
      if (answer.bookmark !== '') {
        const next = new URLSearchParams({
          ...(pageSize === '' ? {} : { pageSize }),
          bookmark: answer.bookmark,
        });
        res.set(
          'Link',
          `</api/v1/trace-requests/${params.id}/answer/epcis?${next.toString()}>; rel="next"`,
        );
      }
      const expiryDates = new Map<string, string>();
      for (const lot of new Set(answer.packs.map((pack) => pack.lot))) {
        const batch = await ledger.evaluate(Tx.GetBatch, answer.request.subject.gtin, lot);
        expiryDates.set(lot, batch.expiryDate);
      }
      res.type('application/ld+json');
      return traceAnswerEpcisDocument(answer, expiryDates);
    },
  }),
];
