import type { Party, PartyRole } from '@packtrace/chaincode/client';
import type { IdentityIssuer, Registrar } from '@packtrace/ledger';
import type { Logger } from 'pino';
import { ApiError } from '../errors/api-error';
import type { User, UserDirectory, UserProfile } from './user-directory';

/** A gateway account as its company's administrator sees it (never its password hash). */
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
 * What a company administrator may do with its company's gateway accounts: list them, add one
 * for its own party (enrolled by the organisation's CA), reset a password, disable and enable.
 * A company is a party: where an organisation hosts several companies (Central Pharmacy and
 * Harbour Pharmacy in the Pharmacy Association), each company's administrator manages its own
 * party's users only, never a sister company's. Its organisation's operator appoints the
 * company's administrators (`appoint`, from the operator's tooling, never over HTTP). Every
 * refusal happens before anything changes; a password reset or a disable ends every token the
 * user holds at once.
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

  /** The accounts of the administrator's company (its party), by name. */
  list(admin: User): UserSummary[] {
    const mspId = administering(admin);
    return this.users
      .ofOrganisation(mspId)
      .filter((user) => user.gln === admin.gln)
      .map(summary);
  }

  /**
   * Adds a user for the administrator's own party, as the ledger records the party (its role
   * comes from there), enrolled at the organisation's CA.
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
    if (party.gln !== admin.gln) {
      throw new ApiError(
        403,
        'PARTY_OF_OTHER_COMPANY',
        `the party with GLN ${party.gln} is another company of your organisation; only its own company administrator adds its users`,
      );
    }
    // Registered by the administrator's own CA identity, a registrar of its company only.
    await this.enrolNew(
      { ...request, role: party.role, gln: party.gln, mspId, admin: false },
      { by: admin },
    );
    return summary(this.managed(admin, request.username));
  }

  /**
   * Appoints a company administrator for a party: the organisation operator's act, done from
   * the operator's own tooling on the gateway's host and never through the API, because no
   * company's user may make another company's administrator. The party is as the ledger
   * records it.
   */
  async appoint(
    request: { readonly username: string; readonly password: string },
    party: Pick<Party, 'gln' | 'role' | 'mspId'>,
  ): Promise<UserSummary> {
    await this.enrolNew(
      { ...request, role: party.role, gln: party.gln, mspId: party.mspId, admin: true },
      { companyAdministrator: true },
    );
    const appointed = this.users.get(request.username);
    if (appointed === undefined) {
      throw new Error(`'${request.username}' was enrolled but is not in the directory`);
    }
    return summary(appointed);
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
   * identity is revoked at the organisation's CA. An administrator cannot disable itself, so a
   * company is never left without one by accident.
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
        // With the administrator's own CA identity, a revoker of its company's users only.
        await this.issuer.revoke(user, user.admin ? undefined : admin);
      } catch (error) {
        // The gateway refuses the user already; the CA's list is the second line.
        this.log.warn({ err: error, username }, 'the CA could not revoke a disabled user');
      }
    }
    return summary(this.managed(admin, username));
  }

  /**
   * Enables a disabled user again with a fresh enrolment (its old certificate was revoked),
   * registered by the administrator's CA identity; a company administrator is registered
   * again by the organisation's operator, since only it makes registrars.
   */
  async enable(admin: User, username: string): Promise<UserSummary> {
    const user = this.managed(admin, username);
    if (user.disabled) {
      const registrar: Registrar = user.admin ? { companyAdministrator: true } : { by: admin };
      await this.users.replaceIdentity(username, await this.issuer.enrol(user, registrar));
      this.sessions.drop(username);
      await this.users.setDisabled(username, false);
    }
    return summary(this.managed(admin, username));
  }

  /** Enrols a new account at its organisation's CA and keeps it, once per name. */
  private async enrolNew(
    account: UserProfile & { readonly password: string; readonly admin: boolean },
    registrar: Registrar,
  ): Promise<void> {
    const { username, password, ...rest } = account;
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
      const profile = { username, role: rest.role, gln: rest.gln, mspId: rest.mspId };
      const identity = await this.issuer.enrol(profile, registrar);
      await this.users.put({ ...profile, admin: rest.admin }, password, identity);
    } finally {
      this.adding.delete(username);
    }
  }

  /** The user, when it exists and belongs to the administrator's own company (party). */
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
        `'${username}' belongs to another organisation; only its own company administrator manages it`,
      );
    }
    if (user.gln !== admin.gln) {
      throw new ApiError(
        403,
        'USER_OF_OTHER_COMPANY',
        `'${username}' is a user of another company of your organisation (GLN ${user.gln}); only that company's administrator manages it`,
      );
    }
    return user;
  }
}

/** The MSP id of the organisation whose company the user administers; refuses a non-administrator. */
function administering(user: User): string {
  if (!user.admin) {
    throw new ApiError(
      403,
      'NOT_AN_ADMINISTRATOR',
      'only your company’s administrator manages its users',
    );
  }
  return user.mspId;
}
