import { LedgerError } from '../ledger/ledger-error';
import { Keys } from '../ledger/keys';
import { readRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { Product } from '../model/product';

/** Reads a product or refuses with PRODUCT_NOT_FOUND. */
export async function requireProduct(ctx: TraceContext, gtin: string): Promise<Product> {
  const product = await readRecord<Product>(ctx, Keys.product(ctx, gtin));
  if (product === undefined) {
    throw new LedgerError('PRODUCT_NOT_FOUND', `product ${gtin} is not registered`);
  }
  return product;
}
