import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { readRecord, writeIndex } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { Product } from '../model/product';

/** Reads a product or refuses with PRODUCT_NOT_FOUND. */
export async function requireProduct(ctx: TraceContext, gtin: string): Promise<Product> {
  const product = await readRecord<Product>(ctx, Keys.product(ctx, gtin));
  if (product === undefined) {
    throw new ChaincodeRefusal('PRODUCT_NOT_FOUND', `product ${gtin} is not registered`);
  }
  return product;
}

/**
 * Writes the manufacturer index entry of up to `limit` products whose GTIN sorts after `after`
 * (empty: from the first), and answers the last GTIN indexed when more may follow, else empty.
 * Writing an entry that exists already changes nothing, so a repeated call is harmless.
 */
export async function indexProducts(
  ctx: TraceContext,
  after: string,
  limit: number,
): Promise<{ indexed: number; next: string }> {
  let indexed = 0;
  let next = '';
  const iterator = await ctx.stub.getStateByPartialCompositeKey('product', []);
  try {
    for (let result = await iterator.next(); !result.done; result = await iterator.next()) {
      const product = JSON.parse(Buffer.from(result.value.value).toString('utf8')) as Product;
      if (product.gtin <= after) {
        continue;
      }
      if (indexed === limit) {
        break;
      }
      await writeIndex(ctx, Keys.productByManufacturer(ctx, product.manufacturer, product.gtin));
      indexed += 1;
      next = product.gtin;
    }
  } finally {
    await iterator.close();
  }
  return { indexed, next: indexed === limit ? next : '' };
}
