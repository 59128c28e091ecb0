import type { BulkPackResult } from './bulk-job';

const RANK: Readonly<Record<BulkPackResult['outcome'], number>> = {
  refused: 0,
  not_done: 1,
  done: 2,
};

/**
 * Results worst first: refused packs (those with more reasons first), then packs not done, then
 * done ones; within a rank, in the order the job listed them.
 */
export function worstFirst(results: readonly BulkPackResult[]): BulkPackResult[] {
  return results
    .map((result, index) => ({ result, index }))
    .sort(
      (a, b) =>
        RANK[a.result.outcome] - RANK[b.result.outcome] ||
        b.result.reasons.length - a.result.reasons.length ||
        a.index - b.index,
    )
    .map(({ result }) => result);
}
