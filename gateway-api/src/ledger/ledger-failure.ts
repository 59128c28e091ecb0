import type { LedgerErrorBody } from '@packtrace/chaincode';

/**
 * Why a ledger call failed, in the gateway's terms: the chaincode refused (with its error body),
 * the identity was rejected, the transaction kept conflicting, the ledger is unreachable, or
 * something unexpected happened (logged, never shown).
 */
export type LedgerFailureKind =
  'refused' | 'identity_rejected' | 'conflict' | 'unavailable' | 'internal';

export class LedgerFailure extends Error {
  override readonly name = 'LedgerFailure';

  constructor(
    readonly kind: LedgerFailureKind,
    message: string,
    readonly body?: LedgerErrorBody,
    readonly txId?: string,
  ) {
    super(message);
  }
}
