import { enrolUser, isNodeIdentityName, revokeUser } from '@packtrace/network';
import { organisationKey } from '../consortium-msp';
import type { IdentityIssuer, IssuedUser, Registrar } from '../identity-issuer';
import type { LedgerIdentity } from '../ledger';
import { readIdentity } from './network-channel';

/**
 * The network's CAs (fabric-ca-client through `@packtrace/network`): registered and enrolled
 * there with `role` and `gln` in the certificate, in the company's affiliation, by the company
 * administrator's own CA identity when one registers; revoked there on disable. Serving one
 * organisation, it uses that organisation's CA only: another's CA registrar is not on its host.
 */
export class FabricIssuer implements IdentityIssuer {
  /** @param organisation the one organisation (consortium key) whose CA it may use */
  constructor(private readonly organisation?: string) {}

  async enrol(user: IssuedUser, registrar: Registrar = {}): Promise<LedgerIdentity> {
    const by = registrar.by;
    if (by !== undefined && by.mspId !== user.mspId) {
      throw new Error(`${by.username} of ${by.mspId} cannot register at the CA of ${user.mspId}`);
    }
    const enrolled = await enrolUser(
      this.ownOrganisation(user, 'enrol'),
      user.username,
      { role: user.role, gln: user.gln },
      {
        // A registrar's company is its own affiliation: the CA refuses it any other.
        companyGln: (by ?? user).gln,
        ...(by === undefined ? {} : { registrar: by.username }),
        ...(registrar.companyAdministrator === true ? { companyAdministrator: true } : {}),
      },
    );
    return readIdentity(enrolled.mspId, enrolled.certificatePath, enrolled.privateKeyPath);
  }

  async revoke(user: IssuedUser, revoker?: IssuedUser): Promise<void> {
    await revokeUser(this.ownOrganisation(user, 'revoke'), user.username, revoker?.username);
  }

  isNodeIdentity(username: string): boolean {
    return isNodeIdentityName(username);
  }

  /** The key of the user's organisation, when this issuer may act at its CA. */
  private ownOrganisation(user: IssuedUser, act: 'enrol' | 'revoke'): string {
    const key = organisationKey(user.mspId);
    if (this.organisation !== undefined && key !== this.organisation) {
      throw new Error(
        `this gateway serves organisation '${this.organisation}' only: it cannot ${act} ` +
          `${user.username} of ${user.mspId} at another organisation's CA`,
      );
    }
    return key;
  }
}
