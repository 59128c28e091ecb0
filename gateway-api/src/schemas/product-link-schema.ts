import { MAX_PRODUCT_LINKS, type ProductLinks } from '@packtrace/chaincode/client';
import { GS1_LINK_TYPES } from '@packtrace/gs1';
import { z } from 'zod';
import { shapeOf } from './model-shape';

/** A link type of GS1's web vocabulary, compact form; an enumeration, so clients offer these. */
const LinkTypeField = z.enum(GS1_LINK_TYPES).meta({
  description: "a link type of GS1's web vocabulary, compact form",
  example: 'gs1:epil',
});

/** One link as a manufacturer sends it. The ledger checks it again, to the same rules. */
export const ProductLinkInput = z
  .strictObject({
    linkType: LinkTypeField,
    href: z
      .string()
      .max(2000)
      .regex(/^https:\/\/[^\s]+$/, 'must be an https URI')
      .meta({ example: 'https://leaflets.example.com/paracetamol/en.pdf' }),
    title: z.string().min(1).max(200).meta({ example: 'Patient leaflet' }),
    language: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,4}$/, 'must be a BCP 47 tag such as en or fr-BE')
      .optional()
      .meta({ description: 'BCP 47 language tag of the target', example: 'en' }),
    type: z
      .string()
      .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/)
      .optional()
      .meta({ description: 'media type of the target', example: 'application/pdf' }),
  })
  .meta({ id: 'ProductLinkInput' });

/** What `POST /products/{gtin}/links` takes: the whole list, replacing the one before. */
export const ProductLinksInput = z.strictObject({
  links: z.array(ProductLinkInput).max(MAX_PRODUCT_LINKS),
});

/** A product's resolver links as the ledger holds them. */
export const ProductLinksSchema = shapeOf<ProductLinks>()(
  z
    .object({
      docType: z.literal('product-links'),
      gtin: z.string().meta({ description: 'GTIN-14' }),
      links: z.array(
        z
          .object({
            linkType: LinkTypeField,
            href: z.string(),
            title: z.string(),
            language: z.string().optional(),
            type: z.string().optional(),
          })
          .meta({ id: 'ProductLink' }),
      ),
      updatedAt: z.string().meta({ description: 'when they were last set; empty: never' }),
      txId: z.string(),
    })
    .meta({ id: 'ProductLinks' }),
);
