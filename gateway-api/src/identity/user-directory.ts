import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
}

/** The users the gateway knows, kept in `users.json` beside the wallet. */
export class UserDirectory {
  private constructor(
    private readonly file: string,
    private readonly users: Map<string, User>,
    private readonly wallet: Wallet,
  ) {}

  static async open(directory: string, wallet: Wallet): Promise<UserDirectory> {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const file = join(directory, 'users.json');
    let users: User[] = [];
    try {
      users = JSON.parse(await readFile(file, 'utf8')) as User[];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
    }
    return new UserDirectory(file, new Map(users.map((user) => [user.username, user])), wallet);
  }

  has(username: string): boolean {
    return this.users.has(username);
  }

  get(username: string): User | undefined {
    return this.users.get(username);
  }

  /** Adds or replaces a user and stores their identity in the wallet. */
  async put(
    user: Omit<User, 'passwordHash'>,
    password: string,
    identity: LedgerIdentity,
  ): Promise<void> {
    await this.wallet.put(user.username, identity);
    this.users.set(user.username, { ...user, passwordHash: await hashPassword(password) });
    await this.save();
  }

  /** Sets a new password for an existing user. */
  async setPassword(username: string, password: string): Promise<void> {
    const user = this.users.get(username);
    if (user !== undefined) {
      this.users.set(username, { ...user, passwordHash: await hashPassword(password) });
      await this.save();
    }
  }

  /** The user, when the password is theirs. */
  async authenticate(username: string, password: string): Promise<User | undefined> {
    const user = this.users.get(username);
    if (user === undefined) {
      // Same work either way, so timing does not reveal which usernames exist.
      await verifyPassword(
        password,
        'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      );
      return undefined;
    }
    return (await verifyPassword(password, user.passwordHash)) ? user : undefined;
  }

  async identityOf(user: User): Promise<LedgerIdentity> {
    return this.wallet.get(user.username);
  }

  private async save(): Promise<void> {
    await writeFile(this.file, JSON.stringify([...this.users.values()], null, 2), { mode: 0o600 });
  }
}
