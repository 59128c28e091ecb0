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

/** A chaincode event as committed in a block. */
export interface BlockEvent {
  readonly blockNumber: number;
  readonly txId: string;
  readonly name: string;
  readonly payload: Buffer;
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
  /**
   * Delivers every chaincode event from block `from` on, in block order: first those already
   * committed, then new ones as they commit. Returns a function that stops delivery.
   */
  subscribe(from: number, onEvent: (event: BlockEvent) => void): Promise<() => void>;
  /** Whether the ledger answers. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
