import { Tx } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { defineRoute } from '../http/route-definition';
import { Fields, ItemSchema } from '../schemas/field-schemas';
import { ContainerSchema } from '../schemas/tracked-item-schema';

const SsccParams = z.strictObject({ sscc: Fields.sscc });

/** Cases and pallets. */
export const containerRoutes = [
  defineRoute({
    method: 'post',
    path: '/containers',
    summary: 'Pack items you hold into a new case or pallet',
    tag: 'containers',
    rule: Tx.Aggregate,
    writes: true,
    status: 201,
    body: z.strictObject({
      sscc: Fields.sscc,
      kind: z.enum(['case', 'pallet']),
      children: z.array(ItemSchema).min(1).max(1000),
    }),
    response: ContainerSchema,
    handle: ({ ledger, body }) =>
      ledger.submit(Tx.Aggregate, body.sscc, body.kind, JSON.stringify(body.children)),
  }),
  defineRoute({
    method: 'post',
    path: '/containers/:sscc/unpack',
    summary: 'Open a case or pallet you hold',
    tag: 'containers',
    rule: Tx.Unpack,
    writes: true,
    params: SsccParams,
    response: ContainerSchema,
    handle: ({ ledger, params }) => ledger.submit(Tx.Unpack, params.sscc),
  }),
  defineRoute({
    method: 'get',
    path: '/containers/:sscc',
    summary: 'Read a case or pallet',
    tag: 'containers',
    rule: Tx.GetContainer,
    params: SsccParams,
    response: ContainerSchema,
    handle: ({ ledger, params }) => ledger.evaluate(Tx.GetContainer, params.sscc),
  }),
];
