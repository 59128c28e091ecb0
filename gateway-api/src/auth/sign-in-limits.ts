import { ApiError } from '../errors/api-error';

/** Failed sign-ins to one account from one address before that pair waits. */
export const FAILURES_PER_ACCOUNT = 5;
/** How long an account's failures from one address are remembered. */
const ACCOUNT_WINDOW_MS = 15 * 60_000;
/** How long an address's failures (to any account) are remembered. */
const ADDRESS_WINDOW_MS = 60_000;
/** Counters kept before the expired ones are swept. */
const SWEEP_AT = 10_000;

interface Window {
  failures: number;
  readonly endsAt: number;
}

/** Counts within fixed windows, keyed by anything. */
class FailureCounter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Seconds to wait when `key` has used up its failures; undefined while it may try. */
  waitSeconds(key: string): number | undefined {
    const window = this.current(key);
    if (window === undefined || window.failures < this.limit) {
      return undefined;
    }
    return Math.max(1, Math.ceil((window.endsAt - this.now()) / 1000));
  }

  count(key: string): void {
    const window = this.current(key);
    if (window !== undefined) {
      window.failures += 1;
      return;
    }
    if (this.windows.size >= SWEEP_AT) {
      this.sweep();
    }
    this.windows.set(key, { failures: 1, endsAt: this.now() + this.windowMs });
  }

  private current(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window !== undefined && window.endsAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) {
      if (window.endsAt <= now) {
        this.windows.delete(key);
      }
    }
  }
}

/**
 * Limits on guessing passwords that do not lock out the people beside a guesser. Only failed
 * sign-ins count (a pharmacy signing in all morning behind one address is never limited); an
 * account's failures count per address, so a guesser elsewhere cannot lock its owner out; an
 * address's failures over all accounts are capped too, against trying one password on many
 * accounts. A guesser stopped on one account has spent only part of its address's allowance.
 */
export class SignInLimits {
  private readonly perAccount: FailureCounter;
  private readonly perAddress: FailureCounter;

  /**
   * @param failuresPerAddress failed sign-ins per address per minute
   * @param now the clock, for tests
   */
  constructor(failuresPerAddress: number, now: () => number = Date.now) {
    this.perAccount = new FailureCounter(FAILURES_PER_ACCOUNT, ACCOUNT_WINDOW_MS, now);
    this.perAddress = new FailureCounter(failuresPerAddress, ADDRESS_WINDOW_MS, now);
  }

  /** Throws 429 `RATE_LIMITED` when this address may not try this account now. */
  check(address: string, username: string): void {
    const wait =
      this.perAccount.waitSeconds(accountKey(address, username)) ??
      this.perAddress.waitSeconds(address);
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
  failed(address: string, username: string): void {
    this.perAccount.count(accountKey(address, username));
    this.perAddress.count(address);
  }
}

function accountKey(address: string, username: string): string {
  return `${address}\n${username.toLowerCase()}`;
}
