import type { ProductLinks } from '@packtrace/chaincode/client';

/**
 * Products' resolver links as this gateway last read them from the ledger, kept for a few
 * seconds (`RESOLVER_CACHE_SECONDS`). The resolver and the patient check read a product's links
 * on every scan of any of its packs, and on Fabric each read is an evaluation through the peer:
 * at 200 redirects a second that read was most of the resolver's time (p95 420 ms, docs/
 * benchmarks.md). Links change rarely and the resolver already tells clients they may keep an
 * answer for 5 minutes, so a gateway keeping them for seconds promises nothing new: a product's
 * new links show in every organisation's resolver within that time, and at once in the gateway
 * that wrote them. Reads of one product that arrive together share one ledger read. Only links
 * that exist are kept (an unknown GTIN is asked of the ledger each time, rate-limited per
 * address like every other lookup), and the number of products kept is bounded.
 */
export class ProductLinksCache {
  private readonly kept = new Map<string, { links: ProductLinks; until: number }>();
  private readonly reading = new Map<string, Promise<ProductLinks>>();
  /** Per product, how many writes this gateway made: a read begun before one is not kept. */
  private readonly writes = new Map<string, number>();

  constructor(
    /** How long a read is kept; 0 keeps nothing (every lookup reads the ledger). */
    private readonly keepMs: number,
    private readonly maxProducts = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The product's links: kept ones if fresh, else read with `read` (shared while it runs). */
  async links(gtin: string, read: () => Promise<ProductLinks>): Promise<ProductLinks> {
    const kept = this.kept.get(gtin);
    if (kept !== undefined && kept.until > this.now()) {
      return kept.links;
    }
    const running = this.reading.get(gtin);
    if (running !== undefined) {
      return running;
    }
    const started = this.now();
    const writesBefore = this.writes.get(gtin) ?? 0;
    const reading = read().then(
      (links) => {
        if (this.reading.get(gtin) === reading) {
          this.reading.delete(gtin);
        }
        // Kept from when the read began (the ledger may have changed since), and only if this
        // gateway wrote nothing newer meanwhile.
        if ((this.writes.get(gtin) ?? 0) === writesBefore) {
          this.keep(gtin, links, started);
        }
        return links;
      },
      (error: unknown) => {
        if (this.reading.get(gtin) === reading) {
          this.reading.delete(gtin);
        }
        throw error;
      },
    );
    this.reading.set(gtin, reading);
    return reading;
  }

  /** What this gateway has just committed: the product's links from now on. */
  wrote(gtin: string, links: ProductLinks): void {
    this.writes.set(gtin, (this.writes.get(gtin) ?? 0) + 1);
    this.reading.delete(gtin);
    this.keep(gtin, links, this.now());
  }

  private keep(gtin: string, links: ProductLinks, from: number): void {
    if (this.keepMs <= 0) {
      return;
    }
    this.kept.delete(gtin);
    if (this.kept.size >= this.maxProducts) {
      // The longest kept goes first (a Map iterates in insertion order).
      const oldest = this.kept.keys().next();
      if (oldest.done !== true) {
        this.kept.delete(oldest.value);
      }
    }
    this.kept.set(gtin, { links, until: from + this.keepMs });
  }
}
