import { z } from 'zod';
import { defineRoute } from '../http/route-definition';
import { Fields, LedgerRecord } from '../schemas/field-schemas';

/** Products by GTIN. */
export const productRoutes = [
  defineRoute({
    method: 'post',
    path: '/products',
    summary: 'Register a product under a company prefix you own (manufacturer)',
    tag: 'products',
    rule: 'RegisterProduct',
    writes: true,
    status: 201,
    body: z.strictObject({
      gtin: Fields.gtin,
      name: Fields.text(200),
      form: Fields.text(100),
      strength: Fields.text(100),
      packSize: z.number().int().min(1).max(999999),
    }),
    response: LedgerRecord,
    handle: ({ ledger, body }) =>
      ledger.submit(
        'products:RegisterProduct',
        body.gtin,
        body.name,
        body.form,
        body.strength,
        String(body.packSize),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/products/:gtin',
    summary: 'Read a product',
    tag: 'products',
    rule: 'GetProduct',
    params: z.strictObject({ gtin: Fields.gtin }),
    response: LedgerRecord,
    handle: ({ ledger, params }) => ledger.evaluate('products:GetProduct', params.gtin),
  }),
];
