/** The credentials a session acts under: a user's enrolled X.509 identity and its private key. */
export interface LedgerIdentity {
  readonly mspId: string;
  /** PEM certificate, issued by the MSP's CA, carrying the `role` and `gln` attributes. */
  readonly certificate: string;
  /** PEM (PKCS #8) private key of the certificate. */
  readonly privateKey: string;
}

/** A committed transaction's result. */
export interface Committed {
  readonly payload: Buffer;
  readonly txId: string;
  readonly blockNumber: number;
}

/** What a submit does besides submitting. */
export interface SubmitOptions {
  /**
   * Called with the transaction id before anything is sent to the ledger (once per attempt:
   * a read conflict runs the transaction again under a new id), and awaited, so a caller can
   * record the id durably first and later ask what became of it.
   */
  readonly beforeSend?: (txId: string) => Promise<void>;
}

/**
 * What became of a transaction id: committed as valid (with the chaincode's answer), committed
 * as invalid (it changed nothing), or not on the ledger, which is final only once nothing that
 * held the transaction can still send it.
 */
export type TransactionOutcome =
  | { readonly status: 'committed'; readonly payload: Buffer }
  | { readonly status: 'invalid'; readonly code: string }
  | { readonly status: 'absent' };

/**
 * A position in the ledger's event stream: a block and a transaction within it, as Fabric's
 * own checkpoints name them (a block holds many transactions).
 */
export interface EventCursor {
  readonly blockNumber: number;
  readonly transactionId: string;
}

/**
 * Where an event stream starts: at the next commit, right after a cursor, or at the first
 * block (every event the channel ever had; costly on a long ledger).
 */
export type EventStart =
  { readonly from: 'now' } | { readonly from: 'start' } | { readonly after: EventCursor };

/** Where a bounded read of past events starts: the first block, or right after a cursor. */
export type PastStart = { readonly from: 'start' } | { readonly after: EventCursor };

/** A chaincode event as committed: where it is, and what the transaction emitted. */
export interface ChaincodeEvent extends EventCursor {
  readonly name: string;
  readonly payload: Buffer;
}

/** A running event stream; `close` stops delivery and frees what it holds. */
export interface EventSubscription {
  close(): void;
}

/** Milliseconds each step of a call may take before it fails, as Fabric's client sets them. */
export interface Deadlines {
  readonly evaluate: number;
  readonly endorse: number;
  readonly submit: number;
  readonly commitStatus: number;
}

/**
 * The deadlines a ledger uses unless told otherwise. Endorsing is the slow step for large
 * writes: a 5,000-serial CommissionPacks took about 11 s to endorse on the four-organisation
 * network on 2 cores, and over 15 s with two in flight.
 */
export const DEFAULT_DEADLINES: Deadlines = {
  evaluate: 5_000,
  endorse: 60_000,
  submit: 5_000,
  commitStatus: 60_000,
};

/**
 * One user's connection to the ledger, bound once to their identity and signer. Every call
 * throws a {@link LedgerFailure}, never a client library's own error.
 */
export interface LedgerSession {
  readonly mspId: string;
  /**
   * Endorses, orders and waits for the commit status. A transaction invalidated by a read
   * conflict (MVCC or phantom) is run again (here, in one place); any other invalidation is a
   * failure.
   *
   * @throws LedgerFailure `conflict` when it kept losing read conflicts, `outcome_unknown` when
   *   it was sent but its commit status is not known, and the other kinds as they say
   */
  submit(transaction: string, args: readonly string[], options?: SubmitOptions): Promise<Committed>;
  /** What became of a transaction this or another session sent, looked up on the ledger. */
  transactionOutcome(txId: string): Promise<TransactionOutcome>;
  /** Runs a read-only query on one peer; nothing is ordered. */
  evaluate(transaction: string, args: readonly string[]): Promise<Buffer>;
  /**
   * Delivers the chaincode's events in commit order from `start` on: those already committed
   * (read page by page), then new ones as they commit. When `onEvent` returns a promise, the
   * next event waits for it: a slow consumer slows the stream down instead of having it
   * buffered, so a stream holds at most a page of the past whatever its consumer's pace.
   * Closing the subscription, its session or the ledger ends the stream without `onError`.
   */
  chaincodeEvents(
    start: EventStart,
    onEvent: (event: ChaincodeEvent) => void | Promise<void>,
    onError: (failure: Error) => void,
  ): Promise<EventSubscription>;
  /**
   * Delivers the chaincode's committed events from `start` up to, not including, block
   * `endBlock`, in commit order, and resolves once all were delivered: a bounded read, for
   * queries (`chaincodeEvents` goes on following new commits). Delivery stops early when
   * `onEvent` answers false.
   */
  readChaincodeEvents(
    start: PastStart,
    endBlock: number,
    onEvent: (event: ChaincodeEvent) => boolean | Promise<boolean>,
  ): Promise<void>;
  /** How many blocks the channel has, as this session's peer sees it. */
  blockHeight(): Promise<number>;
}

/**
 * A ledger the platform runs on: a Fabric network, or the same chaincode in this process (the embedded ledger). The
 * gateway and the test suites use nothing else.
 */
export interface Ledger {
  readonly kind: 'fabric' | 'embedded';
  /** Opens a session for one user; cache it, it holds the user's signer. */
  session(identity: LedgerIdentity): LedgerSession;
  /** Whether the ledger answers. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
