import type { Party, PartyRole } from '@packtrace/chaincode/client';
import type { IdentityIssuer } from '@packtrace/ledger';
import type { Logger } from 'pino';
import { ApiError } from '../errors/api-error';
import type { User, UserDirectory } from './user-directory';

/** A gateway account as its organisation's administrator sees it (never its password hash). */
export interface UserSummary {
  readonly username: string;
  readonly role: PartyRole;
  readonly gln: string;
  readonly admin: boolean;
  readonly disabled: boolean;
}

function summary(user: User): UserSummary {
  return {
    username: user.username,
    role: user.role,
    gln: user.gln,
    admin: user.admin,
    disabled: user.disabled,
  };
}

/**
 * What ends a user's ledger session, and the event streams it opened, at once (the gateway's
 * `UserSessions`, which sits above this layer).
 */
export interface SessionDropper {
  drop(username: string): void;
}

/**
 * What an organisation's administrator may do with its organisation's gateway accounts: list
 * them, add one for a party of the organisation (enrolled by the organisation's CA), reset a
 * password, disable and enable. Every refusal happens before anything changes; a password
 * reset or a disable ends every token the user holds at once.
 */
export class UserAdministration {
  /** Usernames being enrolled right now: a second add of the same name waits for nothing and is refused. */
  private readonly adding = new Set<string>();

  constructor(
    private readonly users: UserDirectory,
    private readonly issuer: IdentityIssuer,
    private readonly sessions: SessionDropper,
    private readonly log: Logger,
  ) {}

  /** The accounts of the administrator's organisation, by name. */
  list(admin: User): UserSummary[] {
    return this.users.ofOrganisation(administering(admin)).map(summary);
  }

  /**
   * Adds a user for a party of the administrator's organisation, as the ledger records the
   * party (its role comes from there), enrolled at the organisation's CA.
   */
  async add(
    admin: User,
    request: { readonly username: string; readonly password: string },
    party: Pick<Party, 'gln' | 'role' | 'mspId'>,
  ): Promise<UserSummary> {
    const mspId = administering(admin);
    if (party.mspId !== mspId) {
      throw new ApiError(
        422,
        'PARTY_NOT_IN_ORGANISATION',
        `the party with GLN ${party.gln} does not belong to your organisation (${mspId})`,
      );
    }
    const { username } = request;
    if (this.users.has(username) || this.adding.has(username)) {
      throw new ApiError(409, 'USER_EXISTS', `a user named '${username}' exists already`);
    }
    if (this.issuer.isNodeIdentity(username)) {
      throw new ApiError(
        409,
        'USERNAME_RESERVED',
        `'${username}' is the name of one of the network's own identities; choose another`,
      );
    }
    this.adding.add(username);
    try {
      const profile = { username, role: party.role, gln: party.gln, mspId };
      const identity = await this.issuer.enrol(profile);
      await this.users.put(profile, request.password, identity);
    } finally {
      this.adding.delete(username);
    }
    return summary(this.managed(admin, username));
  }

  /** Sets a new password; every token the user held, and every stream it opened, ends at once. */
  async resetPassword(admin: User, username: string, password: string): Promise<UserSummary> {
    this.managed(admin, username);
    await this.users.setPassword(username, password);
    this.sessions.drop(username);
    return summary(this.managed(admin, username));
  }

  /**
   * Disables a user: its tokens end and its ledger session is dropped at once, then its
   * identity is revoked at the organisation's CA. An administrator cannot disable itself, so an
   * organisation is never left without one by accident.
   */
  async disable(admin: User, username: string): Promise<UserSummary> {
    const user = this.managed(admin, username);
    if (user.username === admin.username) {
      throw new ApiError(
        409,
        'CANNOT_DISABLE_YOURSELF',
        'an administrator cannot disable its own account',
      );
    }
    if (!user.disabled) {
      await this.users.setDisabled(username, true);
      this.sessions.drop(username);
      try {
        await this.issuer.revoke(user);
      } catch (error) {
        // The gateway refuses the user already; the CA's list is the second line.
        this.log.warn({ err: error, username }, 'the CA could not revoke a disabled user');
      }
    }
    return summary(this.managed(admin, username));
  }

  /** Enables a disabled user again with a fresh enrolment (its old certificate was revoked). */
  async enable(admin: User, username: string): Promise<UserSummary> {
    const user = this.managed(admin, username);
    if (user.disabled) {
      await this.users.replaceIdentity(username, await this.issuer.enrol(user));
      this.sessions.drop(username);
      await this.users.setDisabled(username, false);
    }
    return summary(this.managed(admin, username));
  }

  /** The user, when it exists and belongs to the administrator's organisation. */
  private managed(admin: User, username: string): User {
    const mspId = administering(admin);
    const user = this.users.get(username);
    if (user === undefined) {
      throw new ApiError(404, 'USER_NOT_FOUND', `no user named '${username}'`);
    }
    if (user.mspId !== mspId) {
      throw new ApiError(
        403,
        'USER_IN_OTHER_ORGANISATION',
        `'${username}' belongs to another organisation; only its own administrator manages it`,
      );
    }
    return user;
  }
}

/** The MSP id of the organisation the user administers; refuses a user who is no administrator. */
function administering(user: User): string {
  if (!user.admin) {
    throw new ApiError(
      403,
      'NOT_AN_ADMINISTRATOR',
      'only your organisation’s administrator manages its users',
    );
  }
  return user.mspId;
}
