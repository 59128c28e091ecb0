import { ChaincodeRefusal } from '../ledger/chaincode-refusal';

/** The attribute a Fabric CA writes into every enrolment certificate: the identity's affiliation. */
export const AFFILIATION_ATTRIBUTE = 'hf.Affiliation';

/**
 * The last segment of a company's affiliation at its organisation's CA: `gln<GLN>`, under the
 * organisation's own segment (e.g. `manufacturer.gln9506000000022`). The issuers on both
 * ledgers register a company's users there, and its company administrator is a registrar of
 * that affiliation only.
 */
export function companyAffiliationSegment(gln: string): string {
  return `gln${gln}`;
}

/**
 * Refuses a certificate whose CA affiliation names another company than its `gln` attribute.
 * A registrar limits which attribute names a certificate may carry, never their values, so a
 * company administrator's registrar (or a compromised gateway holding it) could put a sister
 * company's GLN into a certificate; it cannot leave its own affiliation, which the CA writes.
 * An empty or absent affiliation is the organisation root's: only the organisation's operator
 * (its CA's root registrar) registers there, and it is trusted with every party it hosts.
 */
export function checkCompanyAffiliation(affiliation: string | null, gln: string): void {
  if (affiliation === null || affiliation === '') {
    return;
  }
  const segments = affiliation.split('.');
  if (segments.length !== 2 || segments[1] !== companyAffiliationSegment(gln)) {
    throw new ChaincodeRefusal(
      'IDENTITY_MISMATCH',
      `the certificate's affiliation '${affiliation}' is not that of party ${gln}: its CA registered it for another company`,
      { affiliation, gln },
    );
  }
}
