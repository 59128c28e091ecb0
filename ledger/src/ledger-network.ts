import type { IdentityIssuer, IssuedUser } from './identity-issuer';
import type { Ledger, LedgerIdentity } from './ledger';

/** A ledger and the CAs that issue its users' identities. */
export interface LedgerNetwork<L extends Ledger = Ledger> {
  readonly ledger: L;
  readonly issuer: IdentityIssuer;
}

/**
 * Where a caller keeps its users' passwords and enrolled identities: opening a network puts the
 * consortium's users there, and the embedded network seeds its ledger as the regulator found
 * there.
 *
 * @typeParam U the store's own record of a user
 */
export interface NetworkUserStore<U> {
  has(username: string): boolean;
  get(username: string): U | undefined;
  /** Sets the password unless it is already the user's. */
  ensurePassword(username: string, password: string): Promise<void>;
  /** Adds or updates a user with its password and identity. */
  put(
    user: IssuedUser & { readonly admin?: boolean },
    password: string,
    identity: LedgerIdentity,
  ): Promise<void>;
  identityOf(user: U): Promise<LedgerIdentity>;
}
