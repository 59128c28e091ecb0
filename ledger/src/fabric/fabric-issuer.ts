import { enrolUser, isNodeIdentityName, revokeUser } from '@packtrace/network';
import { organisationKey } from '../consortium-msp';
import type { IdentityIssuer, IssuedUser } from '../identity-issuer';
import type { LedgerIdentity } from '../ledger';
import { readIdentity } from './network-channel';

/**
 * The Fabric network's CAs (fabric-ca-client through `@packtrace/network`): registered and
 * enrolled there with `role` and `gln` in the certificate; revoked there on disable.
 */
export class FabricIssuer implements IdentityIssuer {
  async enrol(user: IssuedUser): Promise<LedgerIdentity> {
    const enrolled = await enrolUser(organisationKey(user.mspId), user.username, {
      role: user.role,
      gln: user.gln,
    });
    return readIdentity(enrolled.mspId, enrolled.certificatePath, enrolled.privateKeyPath);
  }

  async revoke(user: IssuedUser): Promise<void> {
    await revokeUser(organisationKey(user.mspId), user.username);
  }

  isNodeIdentity(username: string): boolean {
    return isNodeIdentityName(username);
  }
}
