import { Tx } from '@packtrace/chaincode/client';
import { defineRoute } from '../http/route-definition';
import { PageQuery } from '../schemas/field-schemas';
import { ItemPageSchema } from '../schemas/page-schema';

/** What the signed-in party holds. */
export const inventoryRoutes = [
  defineRoute({
    method: 'get',
    path: '/inventory',
    summary: 'List the packs and containers you hold',
    tag: 'custody',
    rule: Tx.ListInventory,
    query: PageQuery,
    response: ItemPageSchema,
    handle: ({ ledger, query }) =>
      ledger.evaluate(Tx.ListInventory, String(query.pageSize ?? ''), query.bookmark ?? ''),
  }),
  defineRoute({
    method: 'get',
    path: '/inventory/recalled',
    summary: 'List the stock you hold of recalled batches (packs, and containers holding any)',
    tag: 'custody',
    rule: Tx.ListRecalledStock,
    query: PageQuery,
    response: ItemPageSchema,
    handle: ({ ledger, query }) =>
      ledger.evaluate(Tx.ListRecalledStock, String(query.pageSize ?? ''), query.bookmark ?? ''),
  }),
];
