import { contracts, parseLedgerError } from '@packtrace/chaincode';
import {
  CommitError,
  EmbeddedLedger,
  EndorsementError,
  IdentityRejectedError,
} from '@packtrace/embedded-ledger';
import type { BlockEvent, Committed, LedgerBackend, LedgerIdentity } from './ledger-backend';
import { LedgerFailure } from './ledger-failure';

/** How many times a transaction invalidated by an MVCC read conflict is run again. */
const MVCC_ATTEMPTS = 5;

/** Serves the API from the chaincode running in-process on LevelDB. */
export class EmbeddedBackend implements LedgerBackend {
  readonly kind = 'embedded' as const;

  private constructor(readonly ledger: EmbeddedLedger) {}

  static async open(
    path: string,
    msps: Readonly<Record<string, string>>,
  ): Promise<EmbeddedBackend> {
    return new EmbeddedBackend(await EmbeddedLedger.open({ path, contracts, msps }));
  }

  async submit(
    identity: LedgerIdentity,
    transaction: string,
    args: readonly string[],
  ): Promise<Committed> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await this.ledger.submit(identity, transaction, args);
        return { payload: result.payload, txId: result.txId };
      } catch (error) {
        if (
          error instanceof CommitError &&
          error.code === 'MVCC_READ_CONFLICT' &&
          attempt < MVCC_ATTEMPTS
        ) {
          continue;
        }
        throw translate(error);
      }
    }
  }

  async evaluate(
    identity: LedgerIdentity,
    transaction: string,
    args: readonly string[],
  ): Promise<Buffer> {
    try {
      return await this.ledger.evaluate(identity, transaction, args);
    } catch (error) {
      throw translate(error);
    }
  }

  async subscribe(from: number, onEvent: (event: BlockEvent) => void): Promise<() => void> {
    let next = from;
    const deliver = (block: {
      blockNumber: number;
      txId: string;
      event: { name: string; payload: Buffer } | null;
    }) => {
      if (block.blockNumber >= next) {
        next = block.blockNumber + 1;
        if (block.event !== null) {
          onEvent({
            blockNumber: block.blockNumber,
            txId: block.txId,
            name: block.event.name,
            payload: block.event.payload,
          });
        }
      }
    };
    // Listen first and hold live blocks back until the replay has caught up, so none is missed.
    const held: Parameters<typeof deliver>[0][] = [];
    let replaying = true;
    const stop = this.ledger.onCommit((block) => (replaying ? held.push(block) : deliver(block)));
    for (
      let page = await this.ledger.blocks(next, 500);
      page.length > 0;
      page = await this.ledger.blocks(next, 500)
    ) {
      page.forEach(deliver);
    }
    held.forEach(deliver);
    replaying = false;
    return stop;
  }

  async ready(): Promise<boolean> {
    try {
      await this.ledger.height();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.ledger.close();
  }
}

function translate(error: unknown): LedgerFailure {
  if (error instanceof EndorsementError) {
    const body = parseLedgerError(error.message);
    return body === undefined
      ? new LedgerFailure('internal', error.message, undefined, error.txId)
      : new LedgerFailure('refused', body.message, body, error.txId);
  }
  if (error instanceof CommitError) {
    return new LedgerFailure(
      error.code === 'MVCC_READ_CONFLICT' ? 'conflict' : 'internal',
      error.message,
      undefined,
      error.txId,
    );
  }
  if (error instanceof IdentityRejectedError) {
    return new LedgerFailure('identity_rejected', error.message);
  }
  return new LedgerFailure('internal', error instanceof Error ? error.message : String(error));
}
