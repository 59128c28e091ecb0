import { consortium } from '@packtrace/consortium';
import type { CertificateAuthority } from '@packtrace/embedded-ledger';
import { readIdentity, type LedgerIdentity } from '@packtrace/ledger';
import { enrolUser, revokeUser } from '@packtrace/network';
import type { UserProfile } from './user-directory';

/**
 * Who the ledger's certificates come from: each organisation's CA, which enrols a new user with
 * the `role` and `gln` attributes the chaincode reads, and revokes one that is disabled. The
 * gateway's account administration needs nothing else from the ledger's kind.
 */
export interface IdentityIssuer {
  /**
   * Enrols the user at the CA of its organisation (its MSP id). A user whose identity was
   * revoked is registered anew and gets a new certificate.
   */
  enrol(user: UserProfile): Promise<LedgerIdentity>;
  /**
   * Revokes the user's certificates at its organisation's CA, as far as that CA can; the
   * gateway refuses a disabled user whatever the CA does.
   */
  revoke(user: UserProfile): Promise<void>;
}

function organisationKey(mspId: string): string {
  const organisation = consortium.organisations.find((org) => org.mspId === mspId);
  if (organisation === undefined) {
    throw new Error(`no organisation of the consortium has MSP id ${mspId}`);
  }
  return organisation.key;
}

/**
 * The in-process network's CAs. They keep no revocation list (the in-process ledger checks
 * the issuer and nothing more), so revoking ends nothing there: the gateway's refusal is the
 * whole of it.
 */
export class EmbeddedIssuer implements IdentityIssuer {
  constructor(private readonly cas: ReadonlyMap<string, CertificateAuthority>) {}

  async enrol(user: UserProfile): Promise<LedgerIdentity> {
    const ca = this.cas.get(user.mspId);
    if (ca === undefined) {
      throw new Error(`no CA for ${user.mspId}`);
    }
    return ca.enrol(user.username, { role: user.role, gln: user.gln });
  }

  async revoke(): Promise<void> {
    // Nothing to revoke at: see the class comment.
  }
}

/**
 * The Fabric network's CAs (fabric-ca-client through `@packtrace/network`): registered and
 * enrolled there with `role` and `gln` in the certificate; revoked there on disable.
 */
export class FabricIssuer implements IdentityIssuer {
  async enrol(user: UserProfile): Promise<LedgerIdentity> {
    const enrolled = await enrolUser(organisationKey(user.mspId), user.username, {
      role: user.role,
      gln: user.gln,
    });
    return readIdentity(enrolled.mspId, enrolled.certificatePath, enrolled.privateKeyPath);
  }

  async revoke(user: UserProfile): Promise<void> {
    await revokeUser(organisationKey(user.mspId), user.username);
  }
}
