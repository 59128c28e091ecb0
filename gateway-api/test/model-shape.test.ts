import type { Pack, Product } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { shapeOf, type SameShape } from '../src/schemas/model-shape';
import { PackSchema } from '../src/schemas/tracked-item-schema';
import { ProductSchema } from '../src/schemas/product-schema';

/*
 * The compile-time tie between a response schema and its model. `npm run typecheck` type-checks
 * this file: each `@ts-expect-error` below fails the build if the drift it marks were accepted.
 */

const productFields = {
  docType: z.literal('product'),
  gtin: z.string(),
  name: z.string(),
  form: z.string(),
  strength: z.string(),
  packSize: z.number(),
  manufacturer: z.string(),
  registeredAt: z.string(),
  txId: z.string(),
};

describe('a response schema is tied to the type it describes', () => {
  it('accepts a schema that describes the model exactly', () => {
    const exact = shapeOf<Product>()(z.object(productFields));
    const same: SameShape<typeof ProductSchema, Product> = true;
    expect(same).toBe(true);
    expect(exact.parse(ProductSchema.parse(sampleProduct()))).toEqual(sampleProduct());
  });

  it('refuses, at compile time, a schema missing a field, with an extra one, mistyped or optional where the model is not', () => {
    // @ts-expect-error a field of the model is missing
    shapeOf<Product>()(z.object(productFields).omit({ txId: true }));
    // @ts-expect-error the schema names a field the model does not have
    shapeOf<Product>()(z.object({ ...productFields, colour: z.string() }));
    // @ts-expect-error a field has another type
    shapeOf<Product>()(z.object({ ...productFields, packSize: z.string() }));
    // @ts-expect-error a field the model always has is optional in the schema
    shapeOf<Product>()(z.object({ ...productFields, txId: z.string().optional() }));
    // @ts-expect-error a nullable field of the model is not nullable in the schema
    shapeOf<Pack>()(PackSchema.extend({ parent: z.string() }));
    const differs: SameShape<typeof PackSchema, Product> = false;
    expect(differs).toBe(false);
  });
});

function sampleProduct(): Product {
  return {
    docType: 'product',
    gtin: '09506000134352',
    name: 'Amoxicillin',
    form: 'capsule',
    strength: '500 mg',
    packSize: 21,
    manufacturer: '9506000000011',
    registeredAt: '2026-01-01T00:00:00.000Z',
    txId: 'a'.repeat(64),
  };
}
