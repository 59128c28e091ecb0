import type { Committed } from './ledger';
import { LedgerFailure } from './ledger-failure';

/**
 * How many times a transaction is run in all when it read stale state: an MVCC read conflict
 * (another transaction changed a key it read) or endorsers that disagreed because one had not
 * yet committed the latest block. Running it again against the new state is safe; every other
 * failure is returned at once.
 */
const ATTEMPTS = 4;

/** Milliseconds before the next attempt, growing with each, so a lagging peer can catch up. */
const BACKOFF_MS = 50;

/** Runs `submit` again while it fails with a read conflict, up to {@link ATTEMPTS} times. */
export async function retryReadConflicts(submit: () => Promise<Committed>): Promise<Committed> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await submit();
    } catch (error) {
      if (!(error instanceof LedgerFailure && error.kind === 'conflict' && attempt < ATTEMPTS)) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS * attempt));
    }
  }
}
