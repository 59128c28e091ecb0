import {
  CASE_STEPS,
  MAX_EVIDENCE,
  MAX_STEP_NOTE,
  MIN_REQUESTED_VERIFICATIONS,
  ROOT_CAUSES,
  Tx,
} from '@packtrace/chaincode/client';
import { packHumanReadable } from '@packtrace/gs1';
import { z } from 'zod';
import { defineRoute } from '../http/route-definition';
import { IllegitimateNoticeSchema } from '../schemas/alert-case-schema';
import { AlertSchema } from '../schemas/alert-schema';
import { Fields, PackCodeSchema } from '../schemas/field-schemas';

const AlertParams = z.strictObject({ id: Fields.recordId });

/** A SHA-256 digest of a document kept off the ledger. */
const Digest = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest: 64 lowercase hexadecimal digits')
  .meta({
    description: 'SHA-256 digest (lowercase hex) of evidence kept off the ledger',
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  });

/** Alert cases: the steps parties take on an alert, lot verification requests, the notice. */
export const alertCaseRoutes = [
  defineRoute({
    method: 'post',
    path: '/alerts/:id/steps',
    summary:
      'Take a step on an alert’s case (acknowledge, investigate, escalate, close with a root cause), as its raiser, a holder of its stock, the product’s manufacturer or the regulator',
    description:
      'Who may take which step from which state is the table in docs/data-model.md; each step carries a note and evidence digests, and joins the case’s timeline and the provenance of its packs. Closing as confirmed falsification sends the illegitimate-product notice.',
    tag: 'alerts',
    rule: Tx.TakeAlertStep,
    writes: true,
    params: AlertParams,
    body: z.strictObject({
      step: z.enum(CASE_STEPS),
      rootCause: z.enum(ROOT_CAUSES).optional().meta({ description: 'required to close' }),
      note: Fields.text(MAX_STEP_NOTE),
      evidence: z.array(Digest).max(MAX_EVIDENCE).default([]),
    }),
    response: AlertSchema,
    handle: ({ ledger, params, body }) =>
      ledger.submit(
        Tx.TakeAlertStep,
        params.id,
        body.step,
        body.rootCause ?? '',
        body.note,
        body.evidence.length === 0 ? '' : JSON.stringify(body.evidence),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/alerts/:id/verification-requests',
    summary:
      'Ask a trading party to verify more packs of the alert’s lot, at least three, during an investigation (the product’s manufacturer or the regulator)',
    tag: 'alerts',
    rule: Tx.RequestLotVerification,
    writes: true,
    status: 201,
    params: AlertParams,
    body: z.strictObject({
      party: Fields.gln,
      count: z.number().int().min(MIN_REQUESTED_VERIFICATIONS).max(500),
      note: Fields.text(MAX_STEP_NOTE),
    }),
    response: AlertSchema,
    handle: ({ ledger, params, body }) =>
      ledger.submit(
        Tx.RequestLotVerification,
        params.id,
        body.party,
        String(body.count),
        body.note,
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/alerts/:id/verification-requests/:requestId/results',
    summary:
      'Record the verification of one pack of the requested lot against a request made of your party',
    tag: 'alerts',
    rule: Tx.RecordRequestedVerification,
    writes: true,
    status: 201,
    params: z.strictObject({ id: Fields.recordId, requestId: Fields.recordId }),
    body: z.strictObject({ code: PackCodeSchema }),
    response: AlertSchema,
    handle: ({ ledger, params, body }) =>
      ledger.submit(
        Tx.RecordRequestedVerification,
        params.id,
        params.requestId,
        packHumanReadable(body.code),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/alerts/:id/notice',
    summary:
      'The illegitimate-product notice a confirmed falsification produced (the regulator and the parties it names)',
    tag: 'alerts',
    rule: Tx.GetIllegitimateNotice,
    params: AlertParams,
    response: IllegitimateNoticeSchema,
    handle: ({ ledger, params }) => ledger.evaluate(Tx.GetIllegitimateNotice, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/alerts/:id/notice/terminate',
    summary:
      'Terminate an illegitimate-product notice once the matter is dealt with (the product’s manufacturer or the regulator)',
    tag: 'alerts',
    rule: Tx.TerminateIllegitimateNotice,
    writes: true,
    params: AlertParams,
    body: z.strictObject({ note: Fields.text(MAX_STEP_NOTE) }),
    response: IllegitimateNoticeSchema,
    handle: ({ ledger, params, body }) =>
      ledger.submit(Tx.TerminateIllegitimateNotice, params.id, body.note),
  }),
];
