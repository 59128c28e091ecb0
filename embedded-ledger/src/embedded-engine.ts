import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { isIssuedBy } from './certificate-authority';
import { loadContracts } from './contract-runtime';
import { CommitError, EndorsementError, IdentityRejectedError } from './peer-errors';
import { StateDatabase, type CommittedTransaction } from './state-database';
import { TransactionSimulator, type ReadWriteSet } from './transaction-simulator';

/** The identity a call is made under: its MSP and its certificate. */
export interface CallerIdentity {
  readonly mspId: string;
  readonly certificate: string;
}

/** How to open the embedded engine. */
export interface EmbeddedEngineOptions {
  /** Directory of the LevelDB store; created when missing, reopened with its data otherwise. */
  readonly path: string;
  /** The contract classes of the chaincode, as exported for fabric-shim. */
  readonly contracts: readonly unknown[];
  /** Trusted MSPs: MSP id → PEM certificate of its CA. Callers must hold a certificate it issued. */
  readonly msps: Readonly<Record<string, string>>;
  readonly channel?: string;
  readonly chaincodeName?: string;
  /** The clock transactions are timestamped with (a client sets the timestamp in Fabric too). */
  readonly clock?: () => Date;
}

/** A proposal's fixed parts, for replaying the same transaction elsewhere. */
export interface ProposalOptions {
  readonly txId?: string;
  readonly timestamp?: Date;
}

/** The outcome of a committed transaction. */
export interface SubmitResult {
  readonly txId: string;
  readonly blockNumber: number;
  readonly payload: Buffer;
  readonly event: { readonly name: string; readonly payload: Buffer } | null;
}

/** The outcome of simulating a proposal: what a peer would sign as its endorsement. */
export interface Endorsement {
  readonly txId: string;
  readonly transaction: string;
  readonly mspId: string;
  readonly timestamp: Date;
  readonly payload: Buffer;
  readonly readWriteSet: ReadWriteSet;
  readonly event: { readonly name: string; readonly payload: Buffer } | null;
}

/**
 * Fabric contract classes run in the caller's process on a persistent LevelDB store, with the transaction
 * semantics that matter to a chaincode: reads of committed state only, recorded read versions
 * checked at commit (MVCC), writes applied atomically or not at all, per-key history, range and
 * paginated composite-key queries, transaction ids and timestamps, one chaincode event per
 * transaction, and the caller's X.509 identity. Commits are serialised, one transaction per block.
 */
export class EmbeddedEngine {
  private readonly commits = new EventEmitter();
  private commitQueue: Promise<unknown> = Promise.resolve();
  private readonly trusted = new Map<string, boolean>();

  private constructor(
    private readonly db: StateDatabase,
    private readonly dispatcher: ReturnType<typeof loadContracts>,
    private readonly options: EmbeddedEngineOptions,
  ) {
    this.commits.setMaxListeners(0);
  }

  static async open(options: EmbeddedEngineOptions): Promise<EmbeddedEngine> {
    const db = await StateDatabase.open(options.path);
    const dispatcher = loadContracts(options.contracts, options.chaincodeName ?? 'chaincode', '0');
    return new EmbeddedEngine(db, dispatcher, options);
  }

  async close(): Promise<void> {
    await this.commitQueue.catch(() => undefined);
    await this.db.close();
  }

  /** Runs a read-only query; nothing is committed. */
  async evaluate(
    identity: CallerIdentity,
    transaction: string,
    args: readonly string[],
  ): Promise<Buffer> {
    return (await this.endorse(identity, transaction, args)).payload;
  }

  /**
   * Simulates a proposal and returns its endorsement without committing it. Given the same
   * txId and timestamp, two ledgers with the same state must return the same bytes.
   */
  async endorse(
    identity: CallerIdentity,
    transaction: string,
    args: readonly string[],
    proposal: ProposalOptions = {},
  ): Promise<Endorsement> {
    const timestamp = proposal.timestamp ?? this.now();
    await this.checkIdentity(identity, timestamp);
    const txId = proposal.txId ?? transactionId(identity);
    const simulator = new TransactionSimulator(this.db, {
      channel: this.options.channel ?? 'mychannel',
      txId,
      timestamp,
      mspId: identity.mspId,
      certificate: identity.certificate,
      args: [transaction, ...args],
    });
    const response = await this.dispatcher.Invoke(simulator);
    if (response.status !== 200) {
      throw new EndorsementError(
        response.message ?? `chaincode returned status ${response.status}`,
        txId,
      );
    }
    const readWriteSet = simulator.readWriteSet();
    if (readWriteSet.usedPagination && readWriteSet.writes.size > 0) {
      throw new EndorsementError(
        'paginated queries are not supported in transactions that write',
        txId,
      );
    }
    return {
      txId,
      transaction,
      mspId: identity.mspId,
      timestamp,
      payload: response.payload ?? Buffer.alloc(0),
      readWriteSet,
      event: simulator.chaincodeEvent(),
    };
  }

  /** Endorses and commits a transaction, resolving once it is committed as valid. */
  async submit(
    identity: CallerIdentity,
    transaction: string,
    args: readonly string[],
    proposal: ProposalOptions = {},
  ): Promise<SubmitResult> {
    const endorsement = await this.endorse(identity, transaction, args, proposal);
    const committed = await this.commit(endorsement);
    return {
      txId: endorsement.txId,
      blockNumber: committed.blockNumber,
      payload: endorsement.payload,
      event: endorsement.event,
    };
  }

  /** A fresh transaction id for the identity, as Fabric's client makes one before proposing. */
  newTransactionId(identity: CallerIdentity): string {
    return transactionId(identity);
  }

  /** Number of committed blocks. */
  async height(): Promise<number> {
    return this.db.height();
  }

  /** The committed transaction with this id, or undefined when none was committed. */
  async transaction(txId: string): Promise<CommittedTransaction | undefined> {
    return this.db.transaction(txId);
  }

  /** Committed transactions from a block number on, oldest first. */
  async blocks(from: number, limit = 100): Promise<CommittedTransaction[]> {
    return this.db.blocks(from, limit);
  }

  /** Calls `listener` after every commit; returns a function that stops it. */
  onCommit(listener: (tx: CommittedTransaction) => void): () => void {
    this.commits.on('commit', listener);
    return () => this.commits.off('commit', listener);
  }

  private now(): Date {
    return this.options.clock === undefined ? new Date() : this.options.clock();
  }

  private async checkIdentity(identity: CallerIdentity, at: Date): Promise<void> {
    const ca = this.options.msps[identity.mspId];
    const cacheKey = `${identity.mspId}\n${identity.certificate}`;
    let ok = this.trusted.get(cacheKey);
    if (ok === undefined) {
      ok = ca !== undefined && (await isIssuedBy(identity.certificate, ca, at));
      this.trusted.set(cacheKey, ok);
    }
    if (!ok) {
      throw new IdentityRejectedError(
        `access denied: the certificate is not valid for MSP ${identity.mspId}`,
      );
    }
  }

  /**
   * Orders and validates an endorsement, then applies it: refused with a CommitError when a key
   * it read has changed since (MVCC) or its transaction id was already used.
   */
  commit(endorsement: Endorsement): Promise<CommittedTransaction> {
    const { transaction, mspId } = endorsement;
    const run = async (): Promise<CommittedTransaction> => {
      const { readWriteSet, txId } = endorsement;
      if (await this.db.hasTransaction(txId)) {
        throw new CommitError('DUPLICATE_TXID', txId);
      }
      for (const [key, version] of readWriteSet.reads) {
        const current = await this.db.get(key);
        if ((current?.version ?? null) !== version) {
          throw new CommitError('MVCC_READ_CONFLICT', txId);
        }
      }
      for (const range of readWriteSet.ranges) {
        const now = await this.db.range(range.start, range.end, range.limit);
        const same =
          now.length === range.results.length &&
          now.every(
            (entry, index) =>
              entry.key === range.results[index]?.key &&
              entry.version === range.results[index]?.version,
          );
        if (!same) {
          throw new CommitError('PHANTOM_READ_CONFLICT', txId);
        }
      }
      const committed = await this.db.commit(
        {
          txId,
          timestamp: endorsement.timestamp.toISOString(),
          transaction,
          mspId,
          payload: endorsement.payload,
          event: endorsement.event,
        },
        readWriteSet.writes,
      );
      this.commits.emit('commit', committed);
      return committed;
    };
    const result = this.commitQueue.then(run, run);
    this.commitQueue = result.catch(() => undefined);
    return result;
  }
}

/** Fabric's transaction id: SHA-256 of a random nonce and the creator's identity. */
function transactionId(identity: CallerIdentity): string {
  return createHash('sha256')
    .update(randomBytes(24))
    .update(identity.mspId)
    .update(identity.certificate)
    .digest('hex');
}
