import type { CertificateAuthority } from '@packtrace/embedded-ledger';
import { companyAffiliation, isNodeIdentityName } from '@packtrace/network';
import { organisationKey } from '../consortium-msp';
import type { IdentityIssuer, IssuedUser, Registrar } from '../identity-issuer';
import type { LedgerIdentity } from '../ledger';

/** What a Fabric CA writes into a company administrator's registration, mirrored here. */
const COMPANY_REGISTRAR_ATTRIBUTES = {
  'hf.Registrar.Roles': 'client',
  'hf.Registrar.Attributes': 'role,gln',
};

/**
 * The embedded network's CAs, registering as a Fabric CA does: every user in its company's
 * affiliation, written into the certificate as `hf.Affiliation`; a user registered by a
 * company administrator lands in that administrator's company whatever `gln` it is given
 * (a Fabric registrar registers within its own affiliation only), so the chaincode refuses
 * such a certificate for any other company. They keep no revocation list (the embedded ledger
 * checks the issuer and nothing more), so revoking ends nothing there: the caller's refusal is
 * the whole of it.
 */
export class EmbeddedIssuer implements IdentityIssuer {
  constructor(private readonly cas: ReadonlyMap<string, CertificateAuthority>) {}

  async enrol(user: IssuedUser, registrar: Registrar = {}): Promise<LedgerIdentity> {
    const ca = this.cas.get(user.mspId);
    if (ca === undefined) {
      throw new Error(`no CA for ${user.mspId}`);
    }
    const by = registrar.by;
    if (by !== undefined && by.mspId !== user.mspId) {
      throw new Error(`${by.username} of ${by.mspId} cannot register at the CA of ${user.mspId}`);
    }
    const company = (by ?? user).gln;
    return ca.enrol(user.username, {
      role: user.role,
      gln: user.gln,
      'hf.Affiliation': companyAffiliation(organisationKey(user.mspId), company),
      ...(registrar.companyAdministrator === true ? COMPANY_REGISTRAR_ATTRIBUTES : {}),
    });
  }

  async revoke(): Promise<void> {
    // Nothing to revoke at: see the class comment.
  }

  isNodeIdentity(username: string): boolean {
    return isNodeIdentityName(username);
  }
}
