import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PartyRole } from '@packtrace/chaincode/client';
import type { LedgerIdentity } from '@packtrace/ledger';
import { hashPassword, verifyPassword } from './password-hash';
import type { Wallet } from './wallet';

/** A user of the gateway: who they are on the ledger, and how they sign in. */
export interface User {
  readonly username: string;
  readonly role: PartyRole;
  readonly gln: string;
  readonly mspId: string;
  readonly passwordHash: string;
  /** Manages the gateway accounts of its own company: the users of the same party (GLN). */
  readonly admin: boolean;
  /** A disabled user can neither sign in nor act, whatever token it holds. */
  readonly disabled: boolean;
  /**
   * Carried in every token issued to the user; raising it ends every token issued before, at
   * once and across restarts (it is kept in `users.json`).
   */
  readonly tokenVersion: number;
}

/** Who a user is, as whoever enrols them decides; the directory keeps the rest. */
export type UserProfile = Pick<User, 'username' | 'role' | 'gln' | 'mspId'> & {
  readonly admin?: boolean;
};

/** A `users.json` entry as an earlier gateway may have written it (no admin, state or version). */
type StoredUser = Omit<User, 'admin' | 'disabled' | 'tokenVersion'> & Partial<User>;

const NO_USER_HASH = 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** The users the gateway knows, kept in `users.json` beside the wallet. */
export class UserDirectory {
  /** Saves run one after another, so a later state never loses to an earlier write. */
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly users: Map<string, User>,
    private readonly wallet: Wallet,
  ) {}

  static async open(directory: string, wallet: Wallet): Promise<UserDirectory> {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const file = join(directory, 'users.json');
    let stored: StoredUser[] = [];
    try {
      stored = JSON.parse(await readFile(file, 'utf8')) as StoredUser[];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
    }
    const users = stored.map((user): User => ({
      ...user,
      admin: user.admin ?? false,
      disabled: user.disabled ?? false,
      tokenVersion: user.tokenVersion ?? 0,
    }));
    return new UserDirectory(file, new Map(users.map((user) => [user.username, user])), wallet);
  }

  has(username: string): boolean {
    return this.users.has(username);
  }

  get(username: string): User | undefined {
    return this.users.get(username);
  }

  /** Every user whose certificates come from the organisation with this MSP id, by name. */
  ofOrganisation(mspId: string): User[] {
    return [...this.users.values()]
      .filter((user) => user.mspId === mspId)
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  /**
   * Adds a user, or updates one the gateway knows already (the demo users at every start),
   * and stores their identity in the wallet. An existing user keeps whether it is disabled, and
   * keeps its tokens unless the password changes.
   */
  async put(profile: UserProfile, password: string, identity: LedgerIdentity): Promise<void> {
    await this.wallet.put(profile.username, identity);
    const existing = this.users.get(profile.username);
    const samePassword =
      existing !== undefined && (await verifyPassword(password, existing.passwordHash));
    this.users.set(profile.username, {
      ...profile,
      admin: profile.admin ?? false,
      passwordHash: samePassword ? existing.passwordHash : await hashPassword(password),
      disabled: existing?.disabled ?? false,
      tokenVersion:
        (existing?.tokenVersion ?? 0) + (existing === undefined || samePassword ? 0 : 1),
    });
    await this.save();
  }

  /** Replaces a user's identity in the wallet (a fresh enrolment); tokens are not touched. */
  async replaceIdentity(username: string, identity: LedgerIdentity): Promise<void> {
    if (this.users.has(username)) {
      await this.wallet.put(username, identity);
    }
  }

  /**
   * Gives a user a password at start-up: nothing changes if it is already theirs; otherwise it
   * is set and every token issued before ends.
   */
  async ensurePassword(username: string, password: string): Promise<void> {
    const user = this.users.get(username);
    if (user !== undefined && !(await verifyPassword(password, user.passwordHash))) {
      await this.setPassword(username, password);
    }
  }

  /** Sets a new password and ends every token the user holds. */
  async setPassword(username: string, password: string): Promise<void> {
    const user = this.users.get(username);
    if (user !== undefined) {
      const passwordHash = await hashPassword(password);
      this.update(username, (current) => ({
        ...current,
        passwordHash,
        tokenVersion: current.tokenVersion + 1,
      }));
      await this.save();
    }
  }

  /** Disables a user (ending every token it holds) or enables it again. */
  async setDisabled(username: string, disabled: boolean): Promise<void> {
    if (this.users.get(username)?.disabled !== disabled) {
      this.update(username, (current) => ({
        ...current,
        disabled,
        // Enabling ends nothing; disabling ends every token, and they stay ended after.
        tokenVersion: current.tokenVersion + (disabled ? 1 : 0),
      }));
      await this.save();
    }
  }

  /**
   * The user, when the password is theirs. A disabled user with the right password is
   * returned too, so the caller can say why it may not sign in.
   */
  async authenticate(username: string, password: string): Promise<User | undefined> {
    const user = this.users.get(username);
    if (user === undefined) {
      // Same work either way, so timing does not reveal which usernames exist.
      await verifyPassword(password, NO_USER_HASH);
      return undefined;
    }
    return (await verifyPassword(password, user.passwordHash)) ? user : undefined;
  }

  /**
   * The user a token of this version was issued to, while the token still counts: the user is
   * enabled and neither a password change nor a disable has happened since it was issued.
   */
  holderOf(username: string, tokenVersion: number): User | undefined {
    const user = this.users.get(username);
    return user !== undefined && !user.disabled && user.tokenVersion === tokenVersion
      ? user
      : undefined;
  }

  async identityOf(user: User): Promise<LedgerIdentity> {
    return this.wallet.get(user.username);
  }

  private update(username: string, change: (user: User) => User): void {
    const user = this.users.get(username);
    if (user !== undefined) {
      this.users.set(username, change(user));
    }
  }

  /** Writes the whole directory to a temporary file and renames it over: never half a file. */
  private save(): Promise<void> {
    const text = JSON.stringify([...this.users.values()], null, 2);
    const next = this.saving.then(async () => {
      const temporary = `${this.file}.tmp`;
      await writeFile(temporary, text, { mode: 0o600 });
      await rename(temporary, this.file);
    });
    this.saving = next.catch(() => undefined);
    return next;
  }
}
