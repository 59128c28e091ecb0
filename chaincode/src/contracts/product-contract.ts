import { gtinHasCompanyPrefix, validateGln, validateGtin14 } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import { emitEvent } from '../domain/ledger-events';
import { parseProductLinks } from '../domain/product-links';
import { indexProducts, requireProduct } from '../domain/products';
import { authorise } from '../identity/caller';
import { gs1, requireText } from '../ledger/arguments';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { pageOfKeys, parseMigrationLimit, parsePageSize } from '../ledger/pagination';
import { readRecord, writeIndex, writeRecord } from '../ledger/state';
import { transactionTime } from '../ledger/transaction-time';
import { TraceContext } from '../ledger/trace-context';
import type { Batch } from '../model/batch';
import type { Product } from '../model/product';
import type { ProductLinks } from '../model/product-link';
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
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        'packSize must be a whole number from 1 to 999999',
      );
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
      throw new ChaincodeRefusal(
        'NOT_COMPANY_PREFIX_OWNER',
        `GTIN ${productGtin} is not under a GS1 company prefix you own`,
      );
    }
    if ((await readRecord(ctx, Keys.product(ctx, productGtin))) !== undefined) {
      throw new ChaincodeRefusal('PRODUCT_EXISTS', `product ${productGtin} is already registered`);
    }
    await writeRecord(ctx, Keys.product(ctx, productGtin), product);
    await writeIndex(ctx, Keys.productByManufacturer(ctx, caller.gln, productGtin));
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

  /**
   * The products a manufacturer registered, by GTIN, a page at a time. `manufacturer` empty
   * means the caller; only the regulator may name another. `count` is the number on this page.
   */
  @Transaction(false)
  @Returns('string')
  async ListProducts(
    ctx: TraceContext,
    manufacturer: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'ListProducts');
    const owner = manufacturer === '' ? caller.gln : gs1(() => validateGln(manufacturer));
    if (owner !== caller.gln && caller.role !== 'regulator') {
      throw new ChaincodeRefusal(
        'NOT_PERMITTED',
        "only the regulator may list another manufacturer's products",
      );
    }
    const page = await pageOfKeys(
      ctx,
      'product-manufacturer',
      [owner],
      parsePageSize(pageSize),
      bookmark,
    );
    const items: Product[] = [];
    for (const entry of page.entries) {
      const product = await readRecord<Product>(ctx, Keys.product(ctx, entry.attributes[1] ?? ''));
      if (product !== undefined) {
        items.push(product);
      }
    }
    return this.result({ items, bookmark: page.bookmark, count: items.length });
  }

  /**
   * A product's batches, by lot, a page at a time (its manufacturer and the regulator). Batch
   * keys start with the GTIN, so this reads the batch records themselves and needs no index.
   * `count` is the number on this page.
   */
  @Transaction(false)
  @Returns('string')
  async ListProductBatches(
    ctx: TraceContext,
    gtin: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'ListProductBatches');
    const product = await requireProduct(
      ctx,
      gs1(() => validateGtin14(gtin)),
    );
    if (caller.role !== 'regulator' && product.manufacturer !== caller.gln) {
      throw new ChaincodeRefusal(
        'NOT_PRODUCT_OWNER',
        "only the product's manufacturer or the regulator may list its batches",
      );
    }
    const page = await pageOfKeys(ctx, 'batch', [product.gtin], parsePageSize(pageSize), bookmark);
    const items = page.entries.map(
      (entry) => JSON.parse(Buffer.from(entry.value).toString('utf8')) as Batch,
    );
    return this.result({ items, bookmark: page.bookmark, count: items.length });
  }

  /**
   * Sets the links a GS1 Digital Link resolver answers for a product (`links`: a JSON array of
   * {linkType, href, title, language?, type?}), replacing the ones before; an empty array removes
   * them all. Only the product's manufacturer may, since the label that leads there is its own.
   */
  @Transaction()
  @Returns('string')
  async SetProductLinks(ctx: TraceContext, gtin: string, links: string): Promise<string> {
    const caller = await authorise(ctx, 'SetProductLinks');
    const product = await requireProduct(
      ctx,
      gs1(() => validateGtin14(gtin)),
    );
    if (product.manufacturer !== caller.gln) {
      throw new ChaincodeRefusal(
        'NOT_PRODUCT_OWNER',
        `only the manufacturer of product ${product.gtin} may set its links`,
      );
    }
    const record: ProductLinks = {
      docType: 'product-links',
      gtin: product.gtin,
      links: parseProductLinks(links),
      updatedAt: transactionTime(ctx).iso,
      txId: ctx.stub.getTxID(),
    };
    await writeRecord(ctx, Keys.productLinks(ctx, product.gtin), record);
    return this.result(record);
  }

  /**
   * A product's resolver links, for every organisation's resolver alike (no links set: an empty
   * list with `updatedAt` empty). Refuses PRODUCT_NOT_FOUND for an unregistered GTIN.
   */
  @Transaction(false)
  @Returns('string')
  async GetProductLinks(ctx: TraceContext, gtin: string): Promise<string> {
    await authorise(ctx, 'GetProductLinks');
    const product = await requireProduct(
      ctx,
      gs1(() => validateGtin14(gtin)),
    );
    const stored = await readRecord<ProductLinks>(ctx, Keys.productLinks(ctx, product.gtin));
    const none: ProductLinks = {
      docType: 'product-links',
      gtin: product.gtin,
      links: [],
      updatedAt: '',
      txId: '',
    };
    return this.result(stored ?? none);
  }

  /**
   * Brings a ledger written before products were listed by manufacturer up to date: indexes up
   * to `limit` (1-500) products after the GTIN `after` (empty: from the first) and answers the
   * GTIN to continue after, empty once every product is indexed. The regulator runs it once after
   * upgrading the chaincode; products registered since are indexed when they are written.
   */
  @Transaction()
  @Returns('string')
  async IndexProducts(ctx: TraceContext, after: string, limit: string): Promise<string> {
    await authorise(ctx, 'IndexProducts');
    const from = after === '' ? '' : gs1(() => validateGtin14(after));
    return this.result(await indexProducts(ctx, from, parseMigrationLimit(limit)));
  }
}
