/** How often one pack was looked up, and from which coarse origins. */
export interface PackLookups {
  readonly gtin: string;
  readonly serial: string;
  readonly count: number;
  /** Lookups per origin (a country the client stated, or `unstated`), most first. */
  readonly origins: readonly { readonly origin: string; readonly count: number }[];
}

/**
 * Counts patient lookups per pack and coarse origin, in the gateway's memory. Nothing about the
 * person is kept (no address, no time per lookup): only how many, and from where roughly.
 */
export class LookupCounts {
  private readonly packs = new Map<
    string,
    { gtin: string; serial: string; origins: Map<string, number> }
  >();

  /** Counts one lookup of the pack from `origin`. */
  count(gtin: string, serial: string, origin: string): void {
    const key = `${gtin}/${serial}`;
    let entry = this.packs.get(key);
    if (entry === undefined) {
      entry = { gtin, serial, origins: new Map() };
      this.packs.set(key, entry);
    }
    entry.origins.set(origin, (entry.origins.get(origin) ?? 0) + 1);
  }

  /** Packs looked up more than `threshold` times or from an origin other than `expected`. */
  notable(threshold: number, expected: string): PackLookups[] {
    return [...this.packs.values()]
      .map((entry) => ({
        gtin: entry.gtin,
        serial: entry.serial,
        count: [...entry.origins.values()].reduce((sum, n) => sum + n, 0),
        origins: [...entry.origins]
          .map(([origin, count]) => ({ origin, count }))
          .sort((a, b) => b.count - a.count || a.origin.localeCompare(b.origin)),
      }))
      .filter(
        (pack) =>
          pack.count > threshold ||
          pack.origins.some(({ origin }) => origin !== expected && origin !== 'unstated'),
      )
      .sort((a, b) => b.count - a.count);
  }
}
