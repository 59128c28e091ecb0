/**
 * The resolver's copy of products' links (resolver/product-links-cache.ts), on a clock the test
 * moves: what it keeps, for how long, and what it never lets a slower read overwrite.
 */
import type { ProductLinks } from '@packtrace/chaincode/client';
import { ProductLinksCache } from '../src/resolver/product-links-cache';

const GTIN = '09506000134352';

function linksOf(href: string): ProductLinks {
  return {
    docType: 'product-links',
    gtin: GTIN,
    links: [{ linkType: 'gs1:pip', href, title: 'Product information', type: 'text/html' }],
    updatedAt: '2026-01-01T00:00:00.000Z',
    txId: 'tx',
  };
}

/** A read the test finishes when it wants, counting how often the ledger was asked. */
function ledgerReads() {
  const pending: Array<(links: ProductLinks) => void> = [];
  return {
    asked: () => pending.length,
    read: () => new Promise<ProductLinks>((resolve) => pending.push(resolve)),
    answer: (index: number, links: ProductLinks) => pending[index]?.(links),
  };
}

describe("the resolver's copy of products' links", () => {
  let now = 1_000_000;
  const clock = () => now;

  it('keeps a read for its time, then reads again', async () => {
    const cache = new ProductLinksCache(30_000, 100, clock);
    let reads = 0;
    const read = () =>
      Promise.resolve(((reads += 1), linksOf(`https://maker.example.com/${reads}`)));
    expect((await cache.links(GTIN, read)).links[0]?.href).toBe('https://maker.example.com/1');
    now += 29_999;
    expect((await cache.links(GTIN, read)).links[0]?.href).toBe('https://maker.example.com/1');
    now += 1;
    expect((await cache.links(GTIN, read)).links[0]?.href).toBe('https://maker.example.com/2');
    expect(reads).toBe(2);
  });

  it('shares one read among lookups that arrive while it runs', async () => {
    const cache = new ProductLinksCache(30_000, 100, clock);
    const ledger = ledgerReads();
    const lookups = [cache.links(GTIN, ledger.read), cache.links(GTIN, ledger.read)];
    expect(ledger.asked()).toBe(1);
    ledger.answer(0, linksOf('https://maker.example.com/a'));
    const answers = await Promise.all(lookups);
    expect(answers.map((answer) => answer.links[0]?.href)).toEqual([
      'https://maker.example.com/a',
      'https://maker.example.com/a',
    ]);
  });

  it('never lets a read begun before a write replace what was written', async () => {
    const cache = new ProductLinksCache(30_000, 100, clock);
    const ledger = ledgerReads();
    const stale = cache.links(GTIN, ledger.read);
    cache.wrote(GTIN, linksOf('https://maker.example.com/new'));
    ledger.answer(0, linksOf('https://maker.example.com/old'));
    expect((await stale).links[0]?.href).toBe('https://maker.example.com/old');
    const after = await cache.links(GTIN, () => Promise.reject(new Error('not asked')));
    expect(after.links[0]?.href).toBe('https://maker.example.com/new');
  });

  it('keeps nothing that failed, nothing when its time is 0, and at most its bound', async () => {
    const failing = new ProductLinksCache(30_000, 100, clock);
    await expect(
      failing.links(GTIN, () => Promise.reject(new Error('unavailable'))),
    ).rejects.toThrow('unavailable');
    expect(
      (await failing.links(GTIN, () => Promise.resolve(linksOf('https://a.example')))).gtin,
    ).toBe(GTIN);

    const none = new ProductLinksCache(0, 100, clock);
    let reads = 0;
    const counted = () => Promise.resolve(((reads += 1), linksOf('https://a.example')));
    await none.links(GTIN, counted);
    await none.links(GTIN, counted);
    expect(reads).toBe(2);

    const bounded = new ProductLinksCache(30_000, 2, clock);
    let boundedReads = 0;
    const read = () => Promise.resolve(((boundedReads += 1), linksOf('https://a.example')));
    await bounded.links('A', read);
    await bounded.links('B', read);
    await bounded.links('C', read); // A, the longest kept, makes room
    await bounded.links('B', read);
    await bounded.links('A', read);
    expect(boundedReads).toBe(4);
  });
});
