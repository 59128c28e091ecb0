import { consortium, type ConsortiumParty } from '@packtrace/consortium';
import { gs1CheckDigit } from '@packtrace/gs1';

/** A GLN-13 with its check digit, from 12 digits. */
export function gln(first12: string): string {
  return first12 + String(gs1CheckDigit(first12));
}

/** A GTIN-14 with its check digit, from 13 digits. */
export function gtin(first13: string): string {
  return first13 + String(gs1CheckDigit(first13));
}

/** An SSCC-18 with its check digit, from 17 digits. */
export function sscc(first17: string): string {
  return first17 + String(gs1CheckDigit(first17));
}

/** The consortium's parties the scenarios act as (consortium/consortium.json declares them). */
const PARTY_KEYS = [
  'regulator',
  'manufacturer',
  'manufacturer2',
  'distributor',
  'pharmacy',
  'pharmacy2',
] as const;

export type PartyName = (typeof PARTY_KEYS)[number];

/** Each scenario party by key: its GLN, name, role and MSP id, read from the consortium. */
export const PARTIES = Object.fromEntries(
  PARTY_KEYS.map((key) => {
    const party: ConsortiumParty = consortium.party(key);
    return [
      key,
      {
        gln: party.gln,
        name: party.name,
        role: party.role,
        mspId: party.organisation.mspId,
        companyPrefixes: party.companyPrefixes,
      },
    ];
  }),
) as Record<
  PartyName,
  {
    readonly gln: string;
    readonly name: string;
    readonly role: ConsortiumParty['role'];
    readonly mspId: string;
    readonly companyPrefixes: readonly string[];
  }
>;

/** GS1's example GTIN, under the demo manufacturer's company prefix 9506000. */
export const GTIN = '09506000134352';
