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
    rule: 'ListInventory',
    query: PageQuery,
    response: ItemPageSchema,
    handle: ({ ledger, query }) =>
      ledger.evaluate('custody:ListInventory', String(query.pageSize ?? ''), query.bookmark ?? ''),
  }),
  defineRoute({
    method: 'get',
    path: '/inventory/recalled',
    summary: 'List the stock you hold of recalled batches (packs, and containers holding any)',
    tag: 'custody',
    rule: 'ListRecalledStock',
    query: PageQuery,
    response: ItemPageSchema,
    handle: ({ ledger, query }) =>
      ledger.evaluate(
        'custody:ListRecalledStock',
        String(query.pageSize ?? ''),
        query.bookmark ?? '',
      ),
  }),
];
