/** The X.509 identity a request is made under (a user's enrolled Fabric identity). */
export interface LedgerIdentity {
  readonly mspId: string;
  readonly certificate: string;
  readonly privateKey: string;
}

/** A committed transaction's result. */
export interface Committed {
  readonly payload: Buffer;
  readonly txId: string;
}

/**
 * A ledger the gateway can serve from: a Fabric network through the Fabric Gateway, or the
 * in-process ledger. Implementations throw {@link LedgerFailure}s, never raw client errors.
 */
export interface LedgerBackend {
  readonly kind: 'fabric' | 'embedded';
  /** Endorses, orders and waits for the commit status; retries MVCC read conflicts only. */
  submit(
    identity: LedgerIdentity,
    transaction: string,
    args: readonly string[],
  ): Promise<Committed>;
  /** Runs a read-only query. */
  evaluate(identity: LedgerIdentity, transaction: string, args: readonly string[]): Promise<Buffer>;
  /** Whether the ledger answers. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
