import { Tx } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { defineRoute } from '../http/route-definition';
import { Fields } from '../schemas/field-schemas';
import { ProductLinksInput, ProductLinksSchema } from '../schemas/product-link-schema';

/** A product's GS1 Digital Link resolver links (issue 26), kept on the ledger with it. */
export const productLinkRoutes = [
  defineRoute({
    method: 'post',
    path: '/products/:gtin/links',
    summary: "Set a product's resolver links, replacing the ones before (its manufacturer)",
    description:
      "The consortium's resolver (`GET /01/{gtin}…`, outside /api/v1) answers these for the product's packs. An empty list removes them all.",
    tag: 'products',
    rule: Tx.SetProductLinks,
    writes: true,
    params: z.strictObject({ gtin: Fields.gtin }),
    body: ProductLinksInput,
    response: ProductLinksSchema,
    handle: async ({ ledger, params, body, productLinks }) => {
      const stored = await ledger.submit(
        Tx.SetProductLinks,
        params.gtin,
        JSON.stringify(body.links),
      );
      // This gateway's resolver answers the new links at once; the others' within
      // RESOLVER_CACHE_SECONDS.
      productLinks.wrote(params.gtin, stored);
      return stored;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/products/:gtin/links',
    summary: "Read a product's resolver links",
    tag: 'products',
    rule: Tx.GetProductLinks,
    params: z.strictObject({ gtin: Fields.gtin }),
    response: ProductLinksSchema,
    handle: ({ ledger, params }) => ledger.evaluate(Tx.GetProductLinks, params.gtin),
  }),
];
