import type { SubmitEntry } from '@packtrace/chaincode/client';
import type { Committed, LedgerSession } from '@packtrace/ledger';

/**
 * What times a ledger call (the gateway's metrics). Named here, below the HTTP layer, so the
 * background jobs can time their calls without importing the HTTP layer.
 */
export interface LedgerCallMetrics {
  /** Starts timing one call; the returned function stops it. */
  ledgerCall(transaction: string, kind: 'submit' | 'evaluate'): () => void;
}

/**
 * Submits a catalogued transaction in a session, timed by the ledger-call metrics: the one
 * place every submit passes, a request's or a background job's, so all are measured alike.
 */
export async function submitTimed<Args extends readonly string[]>(
  session: LedgerSession,
  metrics: LedgerCallMetrics | undefined,
  transaction: SubmitEntry<Args>,
  args: Args,
  beforeSend?: (txId: string) => Promise<void>,
): Promise<Committed> {
  const stop = metrics?.ledgerCall(transaction.name, 'submit');
  try {
    return await session.submit(
      transaction.name,
      args,
      beforeSend === undefined ? {} : { beforeSend },
    );
  } finally {
    stop?.();
  }
}
