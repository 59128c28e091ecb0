import { Tx } from '@packtrace/chaincode/client';
import type { Batch, Page, Product } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { defineRoute } from '../http/route-definition';
import { Fields, PageQuery } from '../schemas/field-schemas';
import { BatchSchema } from '../schemas/batch-schema';
import { shapeOf } from '../schemas/model-shape';
import { pageOf } from '../schemas/page-schema';
import { ProductSchema } from '../schemas/product-schema';
import { productLinkRoutes } from './product-link-routes';

const ProductPageSchema = shapeOf<Page<Product>>()(pageOf(ProductSchema, 'Product'));
const BatchPageSchema = shapeOf<Page<Batch>>()(pageOf(BatchSchema, 'Batch'));

/** Products by GTIN. */
export const productRoutes = [
  defineRoute({
    method: 'post',
    path: '/products',
    summary: 'Register a product under a company prefix you own (manufacturer)',
    tag: 'products',
    rule: Tx.RegisterProduct,
    writes: true,
    status: 201,
    body: z.strictObject({
      gtin: Fields.gtin,
      name: Fields.text(200),
      form: Fields.text(100),
      strength: Fields.text(100),
      packSize: z.number().int().min(1).max(999999),
    }),
    response: ProductSchema,
    handle: ({ ledger, body }) =>
      ledger.submit(
        Tx.RegisterProduct,
        body.gtin,
        body.name,
        body.form,
        body.strength,
        String(body.packSize),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/products',
    summary:
      'List the products you registered, by GTIN (manufacturer; the regulator names a manufacturer)',
    tag: 'products',
    rule: Tx.ListProducts,
    query: PageQuery.extend({ manufacturer: Fields.gln.optional() }),
    response: ProductPageSchema,
    handle: ({ ledger, query }) =>
      ledger.evaluate(
        Tx.ListProducts,
        query.manufacturer ?? '',
        String(query.pageSize ?? ''),
        query.bookmark ?? '',
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/products/:gtin/batches',
    summary: "List a product's batches, by lot (its manufacturer and the regulator)",
    tag: 'products',
    rule: Tx.ListProductBatches,
    params: z.strictObject({ gtin: Fields.gtin }),
    query: PageQuery,
    response: BatchPageSchema,
    handle: ({ ledger, params, query }) =>
      ledger.evaluate(
        Tx.ListProductBatches,
        params.gtin,
        String(query.pageSize ?? ''),
        query.bookmark ?? '',
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/products/:gtin',
    summary: 'Read a product',
    tag: 'products',
    rule: Tx.GetProduct,
    params: z.strictObject({ gtin: Fields.gtin }),
    response: ProductSchema,
    handle: ({ ledger, params }) => ledger.evaluate(Tx.GetProduct, params.gtin),
  }),
  // A product's resolver links (issue 26).
  ...productLinkRoutes,
];
