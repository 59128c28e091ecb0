import type { Database } from './database';

/** How many sweeps of ended windows per counted failure: about one in 500. */
const SWEEP_EVERY = 500;

/**
 * Failed sign-ins counted within fixed windows, by key, in the database: every replica of an
 * organisation's gateway sees and adds to the same counts. A window starts with its key's first
 * failure and ends `windowMs` later; a failure after it starts a new one.
 */
export class SignInFailures {
  private counted = 0;

  /** @param now the clock, in milliseconds (tests pass their own) */
  constructor(
    private readonly database: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** The failures in `key`'s current window and when it ends; undefined when none is open. */
  async current(key: string): Promise<{ failures: number; endsAt: number } | undefined> {
    const [row] = await this.database.query<{ failures: number; ends_at: string }>(
      'SELECT failures, ends_at FROM sign_in_failures WHERE key = $1 AND ends_at > $2',
      [key, this.now()],
    );
    return row === undefined ? undefined : { failures: row.failures, endsAt: Number(row.ends_at) };
  }

  /**
   * Counts one failure for `key` in one statement, so failures counted at once on several
   * replicas are all counted; answers the failures in the window now.
   */
  async count(key: string, windowMs: number): Promise<number> {
    const now = this.now();
    const [row] = await this.database.query<{ failures: number }>(
      `INSERT INTO sign_in_failures AS f (key, failures, ends_at) VALUES ($1, 1, $2)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN f.ends_at <= $3 THEN 1 ELSE f.failures + 1 END,
         ends_at = CASE WHEN f.ends_at <= $3 THEN $2 ELSE f.ends_at END
       RETURNING failures`,
      [key, now + windowMs, now],
    );
    this.counted += 1;
    if (this.counted % SWEEP_EVERY === 0) {
      await this.database.query('DELETE FROM sign_in_failures WHERE ends_at <= $1', [now]);
    }
    return row?.failures ?? 1;
  }
}
