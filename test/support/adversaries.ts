import { PARTIES, gln } from './demo-parties';

/**
 * Identities the ledger must turn away or treat as strangers, issued by the consortium's own
 * CAs (except `outsider`, whose CA no organisation trusts): which organisation's CA issues
 * each, and the attributes its certificate carries.
 */
export const ADVERSARIES = {
  /** A pharmacy certificate for a GLN the regulator never registered. */
  unregistered: {
    organisation: 'pharmacy',
    attributes: { role: 'pharmacy', gln: gln('950600000999') },
  },
  /** A certificate without the role and GLN attributes. */
  noAttributes: { organisation: 'pharmacy', attributes: {} },
  /** A distributor's CA issuing a certificate that claims the pharmacy's GLN. */
  wrongMsp: {
    organisation: 'distributor',
    attributes: { role: 'pharmacy', gln: PARTIES.pharmacy.gln },
  },
} as const;

/** The regulator's attributes on a certificate from a CA outside the consortium. */
export const OUTSIDER_ATTRIBUTES = { role: 'regulator', gln: PARTIES.regulator.gln } as const;
