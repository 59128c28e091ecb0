import type { Committed } from './ledger';
import { LedgerFailure } from './ledger-failure';

/**
 * How many times a transaction is run in all when it read stale state: a read conflict at commit
 * (another transaction changed a key it read, or added or removed a key in a range it read) or
 * endorsers that disagreed because one had not yet committed the latest block. Running it again
 * against the new state is safe; every other failure is returned at once. Each round of
 * contenders lets at least one of them commit, so this many lets that many transactions touching
 * the same records at the same moment all commit (e.g. a manufacturer's lots of one GTIN, which
 * read the same cells of the compact record), with room for a lagging peer.
 */
export const CONFLICT_ATTEMPTS = 8;

/** Milliseconds before the next attempt, growing with each, so a lagging peer can catch up. */
const BACKOFF_MS = 50;

/**
 * The validation codes of a transaction that read state another transaction changed before it
 * committed (Fabric's and the embedded ledger's names alike).
 */
const READ_CONFLICTS: ReadonlySet<string> = new Set([
  'MVCC_READ_CONFLICT',
  'PHANTOM_READ_CONFLICT',
]);

/**
 * How a transaction invalidated at commit with this validation code failed: a read conflict
 * (MVCC or phantom) is a `conflict`, to run again; any other code is `internal`.
 */
export function commitFailureKind(validationCode: string): 'conflict' | 'internal' {
  return READ_CONFLICTS.has(validationCode) ? 'conflict' : 'internal';
}

/**
 * Runs `submit` again while it fails with a read conflict, up to {@link CONFLICT_ATTEMPTS} times.
 *
 * @throws LedgerFailure the last attempt's failure (kind `conflict` when every attempt lost one),
 *   or at once any failure that is not a conflict
 */
export async function retryReadConflicts(submit: () => Promise<Committed>): Promise<Committed> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await submit();
    } catch (error) {
      if (!(
        error instanceof LedgerFailure &&
        error.kind === 'conflict' &&
        attempt < CONFLICT_ATTEMPTS
      )) {
        throw error;
      }
      // Jittered: contenders that lost together would otherwise endorse together again, and
      // all but one lose again.
      await new Promise((resolve) =>
        setTimeout(resolve, BACKOFF_MS * attempt * (0.5 + Math.random())),
      );
    }
  }
}
