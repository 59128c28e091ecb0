import {
  CASE_CAPACITIES,
  CASE_STATES,
  ROOT_CAUSES,
  type CaseTimelineEntry,
  type CaseVerificationRequest,
  type IllegitimateNotice,
  type RequestedVerificationResult,
} from '@packtrace/chaincode/client';
import { z } from 'zod';
import { shapeOf } from './model-shape';

/** One step of an alert case's timeline. */
export const CaseTimelineEntrySchema = shapeOf<CaseTimelineEntry>()(
  z
    .object({
      step: z.enum([
        'raise',
        'acknowledge',
        'investigate',
        'escalate',
        'close',
        'resolve',
        'request_verification',
        'terminate_notice',
      ]),
      from: z.enum(CASE_STATES).nullable(),
      to: z.enum(CASE_STATES),
      by: z.string(),
      as: z.array(z.enum(CASE_CAPACITIES)),
      at: z.string(),
      txId: z.string(),
      note: z.string(),
      evidence: z.array(z.string()).meta({ description: 'SHA-256 digests (hex) of evidence' }),
      rootCause: z.enum(ROOT_CAUSES).optional(),
    })
    .meta({ id: 'CaseTimelineEntry' }),
);

/** One pack verified against a verification request. */
export const RequestedVerificationResultSchema = shapeOf<RequestedVerificationResult>()(
  z
    .object({
      serial: z.string(),
      verdict: z.string(),
      reasons: z.array(z.string()),
      at: z.string(),
      txId: z.string(),
    })
    .meta({ id: 'RequestedVerificationResult' }),
);

/** An investigation's request to verify more packs of the lot, with its results. */
export const CaseVerificationRequestSchema = shapeOf<CaseVerificationRequest>()(
  z
    .object({
      id: z.string(),
      requestedBy: z.string(),
      requestedOf: z.string(),
      gtin: z.string(),
      lot: z.string(),
      count: z.number().int(),
      note: z.string(),
      at: z.string(),
      status: z.enum(['open', 'complete']),
      results: z.array(RequestedVerificationResultSchema),
    })
    .meta({ id: 'CaseVerificationRequest' }),
);

/** The illegitimate-product notice a confirmation produces (the fields of FDA Form 3911). */
export const IllegitimateNoticeSchema = shapeOf<IllegitimateNotice>()(
  z
    .object({
      docType: z.literal('illegitimate-notice'),
      alertId: z.string(),
      product: z
        .object({
          gtin: z.string(),
          name: z.string(),
          form: z.string(),
          strength: z.string(),
          packSize: z.number().int(),
        })
        .nullable(),
      lots: z.array(z.string()),
      serials: z.array(z.string()),
      quantity: z.object({ packs: z.number().int(), containers: z.number().int() }),
      containers: z.array(z.string()),
      howFound: z.object({
        kind: z.string(),
        reasons: z.array(z.string()),
        note: z.string(),
        raisedBy: z.string(),
        raisedAt: z.string(),
      }),
      parties: z.array(
        z.object({
          gln: z.string(),
          capacity: z.enum(['holder', 'supplier', 'customer', 'regulator', 'manufacturer']),
        }),
      ),
      addressees: z.array(z.string()),
      confirmedBy: z.string(),
      confirmedAt: z.string(),
      dueAt: z.string().meta({ description: '24 hours after confirmation' }),
      sentAt: z.string(),
      txId: z.string(),
      status: z.enum(['sent', 'terminated']),
      termination: z
        .object({ by: z.string(), at: z.string(), note: z.string(), txId: z.string() })
        .nullable(),
    })
    .meta({ id: 'IllegitimateNotice' }),
);
