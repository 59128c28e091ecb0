import type { CertificateAuthority } from '@packtrace/embedded-ledger';
import { isNodeIdentityName } from '@packtrace/network';
import type { IdentityIssuer, IssuedUser } from '../identity-issuer';
import type { LedgerIdentity } from '../ledger';

/**
 * The embedded network's CAs. They keep no revocation list (the embedded ledger checks
 * the issuer and nothing more), so revoking ends nothing there: the caller's refusal is the
 * whole of it.
 */
export class EmbeddedIssuer implements IdentityIssuer {
  constructor(private readonly cas: ReadonlyMap<string, CertificateAuthority>) {}

  async enrol(user: IssuedUser): Promise<LedgerIdentity> {
    const ca = this.cas.get(user.mspId);
    if (ca === undefined) {
      throw new Error(`no CA for ${user.mspId}`);
    }
    return ca.enrol(user.username, { role: user.role, gln: user.gln });
  }

  async revoke(): Promise<void> {
    // Nothing to revoke at: see the class comment.
  }

  isNodeIdentity(username: string): boolean {
    return isNodeIdentityName(username);
  }
}
