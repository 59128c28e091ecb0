import type { SignInFailures } from '@packtrace/store';
import { ApiError } from '../errors/api-error';

/** Failed sign-ins to one account from one address before that pair waits. */
export const FAILURES_PER_ACCOUNT = 5;
/** How long an account's failures from one address are remembered. */
const ACCOUNT_WINDOW_MS = 15 * 60_000;
/** How long an address's failures (to any account) are remembered. */
const ADDRESS_WINDOW_MS = 60_000;

/**
 * Limits on guessing passwords that do not lock out the people beside a guesser. Only failed
 * sign-ins count (a pharmacy signing in all morning behind one address is never limited); an
 * account's failures count per address, so a guesser elsewhere cannot lock its owner out; an
 * address's failures over all accounts are capped too, against trying one password on many
 * accounts. A guesser stopped on one account has spent only part of its address's allowance.
 * The failures are counted in the gateway's database, so every replica of the gateway counts
 * the same ones: a guesser gains nothing by spreading its guesses over replicas (issue 24).
 */
export class SignInLimits {
  /**
   * @param failures the counts, in the gateway's database
   * @param failuresPerAddress failed sign-ins per address per minute
   * @param now the clock, for tests
   */
  constructor(
    private readonly failures: SignInFailures,
    private readonly failuresPerAddress: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Refuses when this address may not try this account now.
   *
   * @throws ApiError 429 `RATE_LIMITED`, with the seconds to wait
   */
  async check(address: string, username: string): Promise<void> {
    const [account, fromAddress] = await Promise.all([
      this.failures.current(accountKey(address, username)),
      this.failures.current(addressKey(address)),
    ]);
    const now = this.now();
    const wait =
      waitSeconds(account, FAILURES_PER_ACCOUNT, now) ??
      waitSeconds(fromAddress, this.failuresPerAddress, now);
    if (wait !== undefined) {
      throw new ApiError(
        429,
        'RATE_LIMITED',
        'too many failed sign-ins; wait and try again',
        undefined,
        wait,
      );
    }
  }

  /** Records a wrong password (or unknown username) from this address. */
  async failed(address: string, username: string): Promise<void> {
    await Promise.all([
      this.failures.count(accountKey(address, username), ACCOUNT_WINDOW_MS),
      this.failures.count(addressKey(address), ADDRESS_WINDOW_MS),
    ]);
  }
}

/** Seconds until a window that used up its failures ends; undefined while one may try. */
function waitSeconds(
  window: { failures: number; endsAt: number } | undefined,
  limit: number,
  now: number,
): number | undefined {
  if (window === undefined || window.failures < limit) {
    return undefined;
  }
  return Math.max(1, Math.ceil((window.endsAt - now) / 1000));
}

function accountKey(address: string, username: string): string {
  return `account\n${address}\n${username.toLowerCase()}`;
}

function addressKey(address: string): string {
  return `address\n${address}`;
}
