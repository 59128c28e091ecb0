/**
 * The chaincode refused the proposal (or failed): no peer would endorse it. `message` is the
 * chaincode's own message, which for this project's chaincode is a JSON error body.
 */
export class EndorsementError extends Error {
  override readonly name = 'EndorsementError';
  constructor(
    message: string,
    readonly txId: string,
  ) {
    super(message);
  }
}

/** Why a transaction endorsed by the chaincode was still not committed as valid. */
export type ValidationCode = 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT' | 'DUPLICATE_TXID';

/** The transaction was ordered but invalidated at commit; nothing it wrote was applied. */
export class CommitError extends Error {
  override readonly name = 'CommitError';
  constructor(
    readonly code: ValidationCode,
    readonly txId: string,
  ) {
    super(`transaction ${txId} failed to commit with status code ${code}`);
  }
}

/** The caller's identity is not one this ledger's MSPs vouch for (a peer's "access denied"). */
export class IdentityRejectedError extends Error {
  override readonly name = 'IdentityRejectedError';
}
