import type { Party } from '../../api/openapi-types';

/** The parties the regulator's panels name, filled by the trading partners panel. */
export interface PartyNames {
  /** Every party loaded so far, by GLN. */
  readonly parties: Map<string, Party>;
  /** A party's name, or its GLN until the parties are loaded; empty for no party. */
  readonly name: (gln: string | undefined) => string;
}

/** An empty directory of party names, shared by the regulator's panels. */
export function partyNames(): PartyNames {
  const parties = new Map<string, Party>();
  return {
    parties,
    name: (gln) => (gln === undefined ? '' : (parties.get(gln)?.name ?? gln)),
  };
}
