import { Tx } from '@packtrace/chaincode/client';
import { packHumanReadable } from '@packtrace/gs1';
import { z } from 'zod';
import { defineRoute } from '../http/route-definition';
import { PackCodeSchema } from '../schemas/field-schemas';
import { RecordedVerdictSchema, VerdictSchema } from '../schemas/verdict-schema';

const CodeBody = z.strictObject({ code: PackCodeSchema });

/** Is this pack genuine and may it be handed over? */
export const verificationRoutes = [
  defineRoute({
    method: 'post',
    path: '/verify',
    summary:
      'Verify a pack code: the verdict, its reasons, and the product, batch and pack it names',
    tag: 'verification',
    rule: Tx.Verify,
    extraErrorStatuses: [429],
    body: CodeBody,
    response: VerdictSchema,
    handle: ({ ledger, body }) => ledger.evaluate(Tx.Verify, packHumanReadable(body.code)),
  }),
  defineRoute({
    method: 'post',
    path: '/scans',
    summary: 'Record a scan (who, where, when) and return the verdict; alarming scans raise alerts',
    tag: 'verification',
    rule: Tx.RecordScan,
    extraErrorStatuses: [429],
    writes: true,
    status: 201,
    body: CodeBody,
    response: RecordedVerdictSchema,
    handle: ({ ledger, body }) => ledger.submit(Tx.RecordScan, packHumanReadable(body.code)),
  }),
];
