import { gtinHasCompanyPrefix, validateGtin14 } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import { emitEvent } from '../domain/ledger-events';
import { requireProduct } from '../domain/products';
import { authorise } from '../identity/caller';
import { gs1, requireText } from '../ledger/arguments';
import { LedgerError } from '../ledger/ledger-error';
import { Keys } from '../ledger/keys';
import { readRecord, writeRecord } from '../ledger/state';
import { transactionTime } from '../ledger/transaction-time';
import { TraceContext } from '../ledger/trace-context';
import type { Product } from '../model/product';
import { TraceContract } from './trace-contract';

/** Medicinal products, by GTIN. */
export class ProductContract extends TraceContract {
  constructor() {
    super('products');
  }

  /** Registers a product; only the manufacturer owning the GTIN's company prefix may. */
  @Transaction()
  @Returns('string')
  async RegisterProduct(
    ctx: TraceContext,
    gtin: string,
    name: string,
    form: string,
    strength: string,
    packSize: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'RegisterProduct');
    const productGtin = gs1(() => validateGtin14(gtin));
    if (!/^[0-9]{1,6}$/.test(packSize) || Number(packSize) < 1) {
      throw new LedgerError('INVALID_ARGUMENT', 'packSize must be a whole number from 1 to 999999');
    }
    const product: Product = {
      docType: 'product',
      gtin: productGtin,
      name: requireText(name, 'name', 200),
      form: requireText(form, 'form', 100),
      strength: requireText(strength, 'strength', 100),
      packSize: Number(packSize),
      manufacturer: caller.gln,
      registeredAt: transactionTime(ctx).iso,
      txId: ctx.stub.getTxID(),
    };
    if (!caller.party.companyPrefixes.some((prefix) => gtinHasCompanyPrefix(productGtin, prefix))) {
      throw new LedgerError(
        'NOT_COMPANY_PREFIX_OWNER',
        `GTIN ${productGtin} is not under a GS1 company prefix you own`,
      );
    }
    if ((await readRecord(ctx, Keys.product(ctx, productGtin))) !== undefined) {
      throw new LedgerError('PRODUCT_EXISTS', `product ${productGtin} is already registered`);
    }
    await writeRecord(ctx, Keys.product(ctx, productGtin), product);
    emitEvent(ctx, {
      type: 'ProductRegistered',
      by: caller.gln,
      parties: [caller.gln],
      epcis: [],
      subject: { gtin: productGtin },
    });
    return this.result(product);
  }

  @Transaction(false)
  @Returns('string')
  async GetProduct(ctx: TraceContext, gtin: string): Promise<string> {
    await authorise(ctx, 'GetProduct');
    return this.result(
      await requireProduct(
        ctx,
        gs1(() => validateGtin14(gtin)),
      ),
    );
  }
}
