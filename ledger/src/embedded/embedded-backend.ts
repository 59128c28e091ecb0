// The embedded engine before the chaincode: it quiets fabric-shim's logs before they load.
import {
  CommitError,
  EmbeddedEngine,
  EndorsementError,
  IdentityRejectedError,
  type CommittedTransaction,
} from '@packtrace/embedded-ledger';
import { contracts } from '@packtrace/chaincode';
import { parseLedgerError } from '@packtrace/chaincode/client';
import { commitFailureKind, retryReadConflicts } from '../conflict-retry';
import {
  DEFAULT_DEADLINES,
  type ChaincodeEvent,
  type Committed,
  type Deadlines,
  type EventStart,
  type PastStart,
  type EventSubscription,
  type LedgerIdentity,
  type LedgerSession,
  type SubmitOptions,
  type TransactionOutcome,
} from '../ledger';
import { LedgerFailure, withDeadline } from '../ledger-failure';
import type { OpenEmbeddedLedgerOptions, EmbeddedLedger } from './embedded-ledger';

/**
 * Committed transactions read per page when an event stream catches up: a stream holds at most
 * one page, and a block of a large commissioning holds a few hundred kilobytes, so pages stay
 * small; reading more often costs little on LevelDB.
 */
const REPLAY_PAGE = 8;

/** The embedded ledger behind the seam: the chaincode on LevelDB, in this process. */
export class EmbeddedBackend implements EmbeddedLedger {
  readonly kind = 'embedded' as const;
  /** How to close each open event stream, so that closing the ledger ends them quietly. */
  private readonly streams = new Set<() => void>();

  private constructor(
    readonly engine: EmbeddedEngine,
    private readonly deadlines: Deadlines,
  ) {}

  static async open(options: OpenEmbeddedLedgerOptions): Promise<EmbeddedBackend> {
    const engine = await EmbeddedEngine.open({
      path: options.path,
      contracts,
      msps: options.msps,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    return new EmbeddedBackend(engine, { ...DEFAULT_DEADLINES, ...options.deadlines });
  }

  session(identity: LedgerIdentity): LedgerSession {
    return new EmbeddedSession(this.engine, identity, this.deadlines, this.streams);
  }

  async ready(): Promise<boolean> {
    try {
      await this.engine.height();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    [...this.streams].forEach((close) => close());
    await this.engine.close();
  }
}

class EmbeddedSession implements LedgerSession {
  readonly mspId: string;

  constructor(
    private readonly engine: EmbeddedEngine,
    private readonly identity: LedgerIdentity,
    private readonly deadlines: Deadlines,
    private readonly streams: Set<() => void>,
  ) {
    this.mspId = identity.mspId;
  }

  submit(
    transaction: string,
    args: readonly string[],
    options: SubmitOptions = {},
  ): Promise<Committed> {
    return retryReadConflicts(async () => {
      const txId = this.engine.newTransactionId(this.identity);
      await options.beforeSend?.(txId);
      const endorsement = await withDeadline(
        this.engine.endorse(this.identity, transaction, args, { txId }).catch((error: unknown) => {
          throw translate(error);
        }),
        this.deadlines.endorse,
        () => new LedgerFailure('unavailable', `endorsing ${transaction} took too long`),
      );
      // Once handed to the commit queue the transaction may commit whatever happens next, so
      // a deadline from here on leaves its outcome unknown, as on Fabric.
      const committed = await withDeadline(
        this.engine.commit(endorsement).catch((error: unknown) => {
          throw translate(error);
        }),
        this.deadlines.submit + this.deadlines.commitStatus,
        () =>
          new LedgerFailure(
            'outcome_unknown',
            `the commit status of ${transaction} was not known in time`,
            { txId: endorsement.txId },
          ),
      );
      return {
        payload: endorsement.payload,
        txId: endorsement.txId,
        blockNumber: committed.blockNumber,
      };
    });
  }

  /**
   * Invalid transactions leave no block here, so an id the store does not hold was either
   * refused or is still in this process's commit queue.
   */
  async transactionOutcome(txId: string): Promise<TransactionOutcome> {
    const committed = await this.engine.transaction(txId);
    return committed === undefined
      ? { status: 'absent' }
      : { status: 'committed', payload: committed.payload };
  }

  async evaluate(transaction: string, args: readonly string[]): Promise<Buffer> {
    return withDeadline(
      this.engine.evaluate(this.identity, transaction, args).catch((error: unknown) => {
        throw translate(error);
      }),
      this.deadlines.evaluate,
      () => new LedgerFailure('unavailable', `evaluating ${transaction} took too long`),
    );
  }

  async blockHeight(): Promise<number> {
    return this.engine.height();
  }

  async readChaincodeEvents(
    start: PastStart,
    endBlock: number,
    onEvent: (event: ChaincodeEvent) => boolean | Promise<boolean>,
  ): Promise<void> {
    let next = 'after' in start ? start.after.blockNumber : 0;
    // The cursor's own block: events up to and including its transaction were delivered.
    let skipThrough = 'after' in start ? start.after.transactionId : undefined;
    while (next < endBlock) {
      const page = await this.engine.blocks(next, REPLAY_PAGE).catch((error: unknown) => {
        throw translate(error);
      });
      if (page.length === 0) {
        return;
      }
      for (const tx of page) {
        if (tx.blockNumber >= endBlock) {
          return;
        }
        next = tx.blockNumber + 1;
        const seen = skipThrough !== undefined && tx.txId === skipThrough;
        skipThrough = undefined;
        if (seen || tx.event === null) {
          continue;
        }
        const more = await onEvent({
          blockNumber: tx.blockNumber,
          transactionId: tx.txId,
          name: tx.event.name,
          payload: tx.event.payload,
        });
        if (!more) {
          return;
        }
      }
    }
  }

  async chaincodeEvents(
    start: EventStart,
    onEvent: (event: ChaincodeEvent) => void | Promise<void>,
    onError: (failure: Error) => void,
  ): Promise<EventSubscription> {
    let next =
      'after' in start
        ? start.after.blockNumber
        : start.from === 'start'
          ? 0
          : await this.engine.height();
    let skipThrough = 'after' in start ? start.after.transactionId : undefined;
    let closed = false;
    const deliver = async (tx: CommittedTransaction): Promise<void> => {
      if (closed || tx.blockNumber < next) {
        return;
      }
      next = tx.blockNumber + 1;
      if (skipThrough !== undefined) {
        // The cursor's own block: events up to and including its transaction were delivered.
        const seen = tx.txId === skipThrough;
        skipThrough = undefined;
        if (seen) {
          return;
        }
      }
      if (tx.event !== null) {
        await onEvent({
          blockNumber: tx.blockNumber,
          transactionId: tx.txId,
          name: tx.event.name,
          payload: tx.event.payload,
        });
      }
    };
    // Nothing is held in memory but one page: a commit only marks the stream as behind, and
    // one reader at a time reads the store from `next` on, at the consumer's pace. A consumer
    // that keeps up gets each commit straight from the notification instead.
    let reading = false;
    let behind = true;
    const fail = (error: unknown): void => {
      if (!closed) {
        close();
        onError(translate(error));
      }
    };
    const catchUp = async (): Promise<void> => {
      if (reading) {
        return;
      }
      reading = true;
      try {
        while (behind && !closed) {
          behind = false;
          for (;;) {
            const page = await this.engine.blocks(next, REPLAY_PAGE);
            if (page.length === 0 || closed) {
              break;
            }
            for (const tx of page) {
              await deliver(tx);
            }
          }
        }
      } finally {
        reading = false;
      }
    };
    const stop = this.engine.onCommit((tx) => {
      if (!reading && !behind && tx.blockNumber === next) {
        reading = true;
        deliver(tx)
          .finally(() => (reading = false))
          .then(() => catchUp())
          .catch(fail);
      } else {
        behind = true;
        catchUp().catch(fail);
      }
    });
    const close = (): void => {
      closed = true;
      stop();
      this.streams.delete(close);
    };
    this.streams.add(close);
    catchUp().catch(fail);
    return { close };
  }
}

function translate(error: unknown): LedgerFailure {
  if (error instanceof LedgerFailure) {
    return error;
  }
  if (error instanceof EndorsementError) {
    const body = parseLedgerError(error.message);
    return body === undefined
      ? new LedgerFailure('internal', error.message, { txId: error.txId, cause: error })
      : new LedgerFailure('refused', body.message, { body, txId: error.txId, cause: error });
  }
  if (error instanceof CommitError) {
    return new LedgerFailure(commitFailureKind(error.code), error.message, {
      txId: error.txId,
      cause: error,
    });
  }
  if (error instanceof IdentityRejectedError) {
    return new LedgerFailure('identity_rejected', error.message, { cause: error });
  }
  return new LedgerFailure('internal', error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}
