import type { LedgerErrorBody } from '@packtrace/chaincode/client';

/**
 * Why a ledger call failed:
 * - `refused`: the chaincode said no, with its stable code in `body`;
 * - `identity_rejected`: the caller's certificate is not trusted by the ledger;
 * - `conflict`: the transaction kept losing read conflicts (MVCC or phantom) at commit;
 * - `unavailable`: the ledger could not be reached or did not answer in time, and nothing
 *   was submitted for ordering, so nothing changed;
 * - `outcome_unknown`: the transaction was sent for ordering but its commit status could not be
 *   read; it may or may not have committed (look it up by `txId`);
 * - `internal`: anything else (logged, never shown).
 */
export type LedgerFailureKind =
  'refused' | 'identity_rejected' | 'conflict' | 'unavailable' | 'outcome_unknown' | 'internal';

/** A failed ledger call, with the client library's own error as `cause`. */
export class LedgerFailure extends Error {
  override readonly name = 'LedgerFailure';
  readonly kind: LedgerFailureKind;
  readonly body: LedgerErrorBody | undefined;
  readonly txId: string | undefined;

  constructor(
    kind: LedgerFailureKind,
    message: string,
    details: { body?: LedgerErrorBody; txId?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.body = details.body;
    this.txId = details.txId;
  }
}

/** Runs `work`, failing with `onExpiry()` if it takes longer than `ms`. */
export async function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  onExpiry: () => LedgerFailure,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onExpiry()), ms);
  });
  try {
    return await Promise.race([work, expiry]);
  } finally {
    clearTimeout(timer);
  }
}
