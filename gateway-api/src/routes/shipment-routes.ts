import { SHIPMENT_STATUSES, Tx } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { defineRoute } from '../http/route-definition';
import { Fields, ItemSchema } from '../schemas/field-schemas';
import { ShipmentPageSchema } from '../schemas/page-schema';
import { ShipmentSchema } from '../schemas/shipment-schema';

const IdParams = z.strictObject({ id: Fields.recordId });

/** Custody transfers. */
export const shipmentRoutes = [
  defineRoute({
    method: 'post',
    path: '/shipments',
    summary: 'Ship items you hold to an authorised trading partner',
    tag: 'shipments',
    rule: Tx.Ship,
    writes: true,
    status: 201,
    body: z.strictObject({ to: Fields.gln, items: z.array(ItemSchema).min(1).max(1000) }),
    response: ShipmentSchema,
    handle: ({ ledger, body }) => ledger.submit(Tx.Ship, body.to, JSON.stringify(body.items)),
  }),
  defineRoute({
    method: 'post',
    path: '/shipments/:id/receive',
    summary:
      'Confirm receipt with what actually arrived and close the shipment; discrepancies raise an alert',
    tag: 'shipments',
    rule: Tx.Receive,
    writes: true,
    params: IdParams,
    body: z.strictObject({ received: z.array(ItemSchema).max(2000) }),
    response: ShipmentSchema,
    handle: ({ ledger, params, body }) =>
      ledger.submit(Tx.Receive, params.id, JSON.stringify(body.received)),
  }),
  defineRoute({
    method: 'post',
    path: '/shipments/:id/cancel',
    summary: 'Cancel a shipment you sent, before it is received; the items come back to you',
    tag: 'shipments',
    rule: Tx.CancelShipment,
    writes: true,
    params: IdParams,
    body: z.strictObject({ note: z.string().trim().max(1000).default('') }).optional(),
    response: ShipmentSchema,
    handle: ({ ledger, params, body }) =>
      ledger.submit(Tx.CancelShipment, params.id, body?.note ?? ''),
  }),
  defineRoute({
    method: 'post',
    path: '/shipments/:id/close',
    summary:
      'Close a shipment received in part (by EPCIS receiving events): what has not arrived becomes a discrepancy (receiver or regulator)',
    tag: 'shipments',
    rule: Tx.CloseShipment,
    writes: true,
    params: IdParams,
    body: z.strictObject({ note: z.string().trim().max(1000).default('') }).optional(),
    response: ShipmentSchema,
    handle: ({ ledger, params, body }) =>
      ledger.submit(Tx.CloseShipment, params.id, body?.note ?? ''),
  }),
  defineRoute({
    method: 'get',
    path: '/shipments/:id',
    summary: 'Read a shipment (sender, receiver or regulator)',
    tag: 'shipments',
    rule: Tx.GetShipment,
    params: IdParams,
    response: ShipmentSchema,
    handle: ({ ledger, params }) => ledger.evaluate(Tx.GetShipment, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/shipments',
    summary:
      'List your incoming or outgoing shipments, oldest shipped first, optionally of one status (the regulator may name a party)',
    tag: 'shipments',
    rule: Tx.ListShipments,
    query: z.strictObject({
      direction: z.enum(['in', 'out']).default('in'),
      status: z
        .enum(SHIPMENT_STATUSES)
        .optional()
        .meta({ description: 'only shipments with this status (filtered before paging)' }),
      party: Fields.gln.optional(),
      pageSize: Fields.pageSize,
      bookmark: Fields.bookmark,
    }),
    response: ShipmentPageSchema,
    handle: ({ ledger, query }) =>
      ledger.evaluate(
        Tx.ListShipments,
        query.party ?? '',
        query.direction,
        query.status ?? '',
        String(query.pageSize ?? ''),
        query.bookmark ?? '',
      ),
  }),
];
