import type { PartyRole } from '@packtrace/chaincode/client';
import type { LedgerIdentity } from './ledger';

/** Who a certificate is issued to: the attributes the chaincode reads from it, and its MSP. */
export interface IssuedUser {
  readonly username: string;
  readonly role: PartyRole;
  readonly gln: string;
  readonly mspId: string;
}

/**
 * Who registers a user at its organisation's CA. Every user is registered in its company's
 * affiliation (`<organisation>.gln<GLN>`), which the CA writes into the certificate as
 * `hf.Affiliation` and the chaincode checks against the certificate's `gln`.
 */
export interface Registrar {
  /**
   * The company administrator whose own CA identity registers the user: a registrar of its
   * company's affiliation only, so the user lands in that company whatever `gln` it is given.
   * Without one, the organisation's operator (the CA's root registrar) registers the user in
   * its own party's affiliation.
   */
  readonly by?: IssuedUser;
  /** Makes the user a company administrator: a registrar of its company's affiliation. */
  readonly companyAdministrator?: boolean;
}

/**
 * Who the ledger's certificates come from: each organisation's CA, which enrols a new user with
 * the `role` and `gln` attributes the chaincode reads, in its company's affiliation, and
 * revokes one that is disabled. An account administration needs nothing else from the
 * ledger's kind.
 */
export interface IdentityIssuer {
  /**
   * Enrols the user at the CA of its organisation (its MSP id). A user whose identity was
   * revoked is registered anew and gets a new certificate.
   *
   * @param registrar who registers it (by default the organisation's operator)
   * @throws Error when no organisation of the consortium has the user's MSP id, when the
   *   registrar is of another organisation, or when the organisation's CA refuses or cannot be
   *   reached (Fabric)
   */
  enrol(user: IssuedUser, registrar?: Registrar): Promise<LedgerIdentity>;
  /**
   * Revokes the user's certificates at its organisation's CA, as far as that CA can; a caller
   * refuses a disabled user whatever the CA does.
   *
   * @param revoker the company administrator whose own CA identity revokes (it may revoke its
   *   own company's users only); by default the organisation's operator
   * @throws Error when the organisation's CA refuses or cannot be reached (Fabric)
   */
  revoke(user: IssuedUser, revoker?: IssuedUser): Promise<void>;
  /**
   * True for a name the network's CAs give their own identities (registrar, admins, peers,
   * orderers, chaincode servers). Reserved on both ledgers alike, so an account made on one
   * never collides with a node identity on the other.
   */
  isNodeIdentity(username: string): boolean;
}
