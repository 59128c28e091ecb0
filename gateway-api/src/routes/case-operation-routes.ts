import { DECOMMISSION_REASONS, MAX_PACKS_PER_TRANSACTION, Tx } from '@packtrace/chaincode/client';
import { packHumanReadable } from '@packtrace/gs1';
import { z } from 'zod';
import { defineRoute } from '../http/route-definition';
import {
  ContainerVerdictsSchema,
  PacksDecommissionedSchema,
  VerifiedDispenseSchema,
} from '../schemas/bulk-operation-schema';
import { Fields, PackCodeSchema } from '../schemas/field-schemas';

const SsccParams = z.strictObject({ sscc: Fields.sscc });

const OTHER_REASONS = DECOMMISSION_REASONS.filter((reason) => reason !== 'dispensed') as [
  string,
  ...string[],
];

const PackList = z
  .array(z.strictObject({ type: z.literal('pack'), gtin: Fields.gtin, serial: Fields.serial }))
  .min(1)
  .max(MAX_PACKS_PER_TRANSACTION);

const ALL_OR_NOTHING = `All or nothing: when any pack may not be taken out of circulation the call is refused with that pack's error code, and \`error.details.failures\` lists every failing pack (gtin, serial, code, message); nothing is written. At most ${String(MAX_PACKS_PER_TRANSACTION)} packs per call (LIMIT_EXCEEDED beyond): larger lists go through /bulk-jobs.`;

/**
 * Whole cases and pallets, and lists of packs, in one transaction; and verifying and dispensing a
 * pack in one.
 */
export const caseOperationRoutes = [
  defineRoute({
    method: 'post',
    path: '/containers/:sscc/verify',
    summary: 'Verify every pack in a case or pallet, without unpacking it; refused packs first',
    description:
      'The packs are read from the ledger’s aggregation, nested cases included. The regulator, or a party that has held the container.',
    tag: 'verification',
    rule: Tx.VerifyContainer,
    params: SsccParams,
    response: ContainerVerdictsSchema,
    handle: ({ ledger, params }) => ledger.evaluate(Tx.VerifyContainer, params.sscc),
  }),
  defineRoute({
    method: 'post',
    path: '/containers/:sscc/dispense',
    summary: 'Dispense every pack in a case or pallet you hold, without unpacking it (pharmacy)',
    description: ALL_OR_NOTHING,
    tag: 'containers',
    rule: Tx.DispenseContainer,
    writes: true,
    params: SsccParams,
    response: PacksDecommissionedSchema,
    handle: ({ ledger, params }) => ledger.submit(Tx.DispenseContainer, params.sscc),
  }),
  defineRoute({
    method: 'post',
    path: '/containers/:sscc/decommission',
    summary: 'Take every pack in a case or pallet you hold out of circulation, with a reason',
    description: ALL_OR_NOTHING,
    tag: 'containers',
    rule: Tx.DecommissionContainer,
    writes: true,
    params: SsccParams,
    body: z.strictObject({ reason: z.enum(OTHER_REASONS), note: Fields.note(500) }),
    response: PacksDecommissionedSchema,
    handle: ({ ledger, params, body }) =>
      ledger.submit(Tx.DecommissionContainer, params.sscc, body.reason, body.note),
  }),
  defineRoute({
    method: 'post',
    path: '/packs/dispense',
    summary: 'Dispense a list of packs you hold, in one transaction (pharmacy)',
    description: ALL_OR_NOTHING,
    tag: 'packs',
    rule: Tx.DispensePacks,
    writes: true,
    body: z.strictObject({ packs: PackList }),
    response: PacksDecommissionedSchema,
    handle: ({ ledger, body }) => ledger.submit(Tx.DispensePacks, JSON.stringify(body.packs)),
  }),
  defineRoute({
    method: 'post',
    path: '/packs/decommission',
    summary: 'Take a list of packs you hold out of circulation, with a reason, in one transaction',
    description: ALL_OR_NOTHING,
    tag: 'packs',
    rule: Tx.DecommissionPacks,
    writes: true,
    body: z.strictObject({
      packs: PackList,
      reason: z.enum(OTHER_REASONS),
      note: Fields.note(500),
    }),
    response: PacksDecommissionedSchema,
    handle: ({ ledger, body }) =>
      ledger.submit(Tx.DecommissionPacks, JSON.stringify(body.packs), body.reason, body.note),
  }),
  defineRoute({
    method: 'post',
    path: '/dispensations',
    summary: 'Verify a pack and, when it may be supplied, dispense it, in one transaction',
    description:
      'The verification is recorded as POST /scans records it (an alarming verdict raises its alert); a verdict not to supply the pack dispenses nothing (`dispensed` is null). A pack still inside a case is refused (IN_CONTAINER).',
    tag: 'verification',
    rule: Tx.VerifyAndDispense,
    extraErrorStatuses: [429],
    writes: true,
    status: 201,
    body: z.strictObject({ code: PackCodeSchema }),
    response: VerifiedDispenseSchema,
    handle: ({ ledger, body }) => ledger.submit(Tx.VerifyAndDispense, packHumanReadable(body.code)),
  }),
];
