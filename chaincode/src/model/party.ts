import type { HistoryEntry } from './history-entry';

/** The four kinds of party on the network; a certificate's `role` attribute names one. */
export const PARTY_ROLES = ['manufacturer', 'distributor', 'pharmacy', 'regulator'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

/** Trading roles hold custody; the regulator trades nothing. */
export const TRADING_ROLES: readonly PartyRole[] = ['manufacturer', 'distributor', 'pharmacy'];

/** A trading partner or the regulator, registered by the regulator. */
export interface Party {
  readonly docType: 'party';
  readonly gln: string;
  readonly name: string;
  readonly role: PartyRole;
  /** The Fabric MSP whose certificates speak for this party. */
  readonly mspId: string;
  /** GS1 company prefixes the party owns (manufacturers only). */
  readonly companyPrefixes: readonly string[];
  readonly status: 'authorised' | 'suspended';
  readonly registeredAt: string;
  readonly lastEvent: HistoryEntry;
}
