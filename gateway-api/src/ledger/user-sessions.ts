import type { Ledger, LedgerSession } from '@packtrace/ledger';
import type { User, UserDirectory } from '../identity/user-directory';

/**
 * One ledger session per signed-in user, opened from their wallet the first time they act and
 * reused after: the user's signer is built once, not read from disk on every request.
 */
export class UserSessions {
  private readonly sessions = new Map<string, Promise<LedgerSession>>();
  private readonly dropListeners: Array<(username: string) => void> = [];

  constructor(
    readonly ledger: Ledger,
    private readonly users: UserDirectory,
  ) {}

  /** The user's session. */
  sessionOf(user: User): Promise<LedgerSession> {
    let session = this.sessions.get(user.username);
    if (session === undefined) {
      session = this.users.identityOf(user).then((identity) => this.ledger.session(identity));
      // A wallet that could not be read is tried again on the next request.
      const opening = session;
      opening.catch(() => {
        if (this.sessions.get(user.username) === opening) {
          this.sessions.delete(user.username);
        }
      });
      this.sessions.set(user.username, opening);
    }
    return session;
  }

  /**
   * Forgets the user's session: the next request opens one from the wallet again (after a new
   * enrolment), and a disabled user's signer is no longer held. What listens (the user's open
   * event streams) ends at once.
   */
  drop(username: string): void {
    this.sessions.delete(username);
    this.dropListeners.forEach((listener) => listener(username));
  }

  /** Calls `listener` with the username whenever a user's session is dropped. */
  onDrop(listener: (username: string) => void): void {
    this.dropListeners.push(listener);
  }
}
