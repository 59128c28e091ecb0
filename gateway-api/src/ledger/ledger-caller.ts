import type { EvaluateEntry, SubmitEntry } from '@packtrace/chaincode/client';
import type { ChaincodeEvent, LedgerSession, PastStart } from '@packtrace/ledger';
import type { Logger } from 'pino';
import { ApiError } from '../errors/api-error';
import { submitTimed, type LedgerCallMetrics } from './timed-submit';

/** A transaction a request sent to the ledger, recorded before it was sent. */
export interface SentTransaction {
  readonly txId: string;
  /** When it was recorded (ms since the epoch), to know when it can no longer commit. */
  readonly at: number;
}

/**
 * What the caller reads and writes of a request's Idempotency-Key record: the transactions
 * earlier attempts sent, and each one this attempt is about to send (the HTTP layer's
 * `IdempotentRequest` is one).
 */
export interface IdempotentSubmits {
  /** How many submits earlier attempts sent. */
  readonly earlierSends: number;
  /** What an earlier attempt sent for the submit at `index`, if it sent anything. */
  earlierSubmit(index: number): SentTransaction | undefined;
  /** Records, before it is sent, the transaction the submit at `index` is about to send. */
  recordSubmit(index: number, txId: string): Promise<void>;
}

/** How a request's ledger calls are made. */
export interface LedgerCallerOptions {
  /** The request's Idempotency-Key record, when it has one. */
  readonly idempotent?: IdempotentSubmits;
  /**
   * How long after it was recorded a transaction that is not on the ledger may still commit:
   * past this, a retry runs it again.
   */
  readonly settleMs: number;
}

/**
 * The ledger as one request sees it: every call in the signed-in user's own session. Under an
 * Idempotency-Key, each submit first settles what an earlier attempt of the same request sent:
 * committed, its answer is replayed; invalid, or absent for longer than it could take to
 * commit, the submit runs again; absent but possibly still on its way, the retry is asked to
 * wait. So a retry never acts twice and never answers an error for a success.
 */
export class LedgerCaller {
  /** Transaction ids of the submits this request made, for the response header and the log. */
  readonly txIds: string[] = [];
  /** Whether an answer came from a transaction an earlier attempt committed. */
  replayed = false;
  /** Submits that committed (here or in an earlier attempt). */
  committed = 0;
  private submits = 0;
  private settled = 0;

  constructor(
    private readonly session: LedgerSession,
    private readonly metrics: LedgerCallMetrics,
    private readonly log: Logger,
    private readonly options: LedgerCallerOptions,
  ) {}

  /** Submits a transaction of the catalogue and waits for its commit; answers what it returned. */
  async submit<Args extends readonly string[], Result>(
    transaction: SubmitEntry<Args, Result>,
    ...args: Args
  ): Promise<Result> {
    const index = this.submits;
    this.submits += 1;
    const idempotent = this.options.idempotent;
    const earlier = idempotent?.earlierSubmit(index);
    if (earlier !== undefined) {
      const settled = await this.settle(transaction.name, earlier.txId, earlier.at);
      if (settled !== undefined) {
        return JSON.parse(settled.toString('utf8')) as Result;
      }
    }
    const committed = await submitTimed(
      this.session,
      this.metrics,
      transaction,
      args,
      idempotent === undefined ? undefined : (txId) => idempotent.recordSubmit(index, txId),
    );
    this.txIds.push(committed.txId);
    this.committed += 1;
    this.log.info({ transaction: transaction.name, txId: committed.txId }, 'committed');
    return JSON.parse(committed.payload.toString('utf8')) as Result;
  }

  /**
   * Whether a transaction of this request, or one an earlier attempt sent and this one has not
   * settled, may have committed.
   */
  get mayHaveCommitted(): boolean {
    return this.committed > 0 || (this.options.idempotent?.earlierSends ?? 0) > this.settled;
  }

  /** Evaluates a read-only transaction of the catalogue; answers what it returned. */
  async evaluate<Args extends readonly string[], Result>(
    transaction: EvaluateEntry<Args, Result>,
    ...args: Args
  ): Promise<Result> {
    const stop = this.metrics.ledgerCall(transaction.name, 'evaluate');
    try {
      return JSON.parse(
        (await this.session.evaluate(transaction.name, [...args])).toString('utf8'),
      ) as Result;
    } finally {
      stop();
    }
  }

  /** How many blocks the channel has, as the user's peer sees it. */
  async blockHeight(): Promise<number> {
    return this.session.blockHeight();
  }

  /** Reads the chaincode's committed events before `endBlock`, in the user's own session. */
  async readEvents(
    start: PastStart,
    endBlock: number,
    onEvent: (event: ChaincodeEvent) => boolean | Promise<boolean>,
  ): Promise<void> {
    const stop = this.metrics.ledgerCall('chaincode events', 'evaluate');
    try {
      await this.session.readChaincodeEvents(start, endBlock, onEvent);
    } finally {
      stop();
    }
  }

  /** The payload of an earlier attempt's committed transaction, or undefined to run anew. */
  private async settle(transaction: string, txId: string, at: number): Promise<Buffer | undefined> {
    const outcome = await this.session.transactionOutcome(txId);
    if (outcome.status !== 'absent' || Date.now() >= at + this.options.settleMs) {
      this.settled += 1;
    }
    if (outcome.status === 'committed') {
      this.txIds.push(txId);
      this.committed += 1;
      this.replayed = true;
      this.log.info({ transaction, txId }, 'an earlier attempt committed; replaying its answer');
      return outcome.payload;
    }
    if (outcome.status === 'absent') {
      const wait = at + this.options.settleMs - Date.now();
      if (wait > 0) {
        throw new ApiError(
          409,
          'OUTCOME_PENDING',
          `transaction ${txId} of an earlier attempt is not on the ledger yet and may still commit; retry in ${Math.ceil(wait / 1000)} s`,
          { txId },
          Math.ceil(wait / 1000),
        );
      }
    }
    this.log.info(
      { transaction, txId, outcome: outcome.status },
      'an earlier attempt did not commit; running the request again',
    );
    return undefined;
  }
}
