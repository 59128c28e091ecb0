import { ClassicLevel } from 'classic-level';

/** A committed value and the version (block:transaction) that wrote it. */
export interface VersionedValue {
  readonly value: Buffer;
  readonly version: string;
}

/** One entry of a key's history, as Fabric's history database keeps it. */
export interface KeyModification {
  readonly txId: string;
  readonly timestamp: string;
  readonly isDelete: boolean;
  readonly value: Buffer;
}

/** A committed transaction, as the block store records it. */
export interface CommittedTransaction {
  readonly blockNumber: number;
  readonly txId: string;
  readonly timestamp: string;
  readonly transaction: string;
  readonly mspId: string;
  /** The chaincode's response, as Fabric keeps it in the transaction's endorsement. */
  readonly payload: Buffer;
  readonly event: { readonly name: string; readonly payload: Buffer } | null;
}

/** The largest code point; Fabric ends composite-key ranges with it. */
const MAX_UNICODE = '\u{10FFFF}';

const STATE = 's!';
const HISTORY = 'h!';
const BLOCK = 'b!';
const TXID = 't!';
const HEIGHT = 'm!height';

const pad = (n: number) => String(n).padStart(12, '0');

/**
 * The ledger's storage: world state with versions, per-key history, the block list and the
 * transaction-id index, all in one LevelDB (the state database Fabric peers use by default).
 * A commit is one LevelDB batch, so it lands whole or not at all.
 */
export class StateDatabase {
  private constructor(private readonly db: ClassicLevel<string, string>) {}

  static async open(path: string): Promise<StateDatabase> {
    const db = new ClassicLevel<string, string>(path, {
      keyEncoding: 'utf8',
      valueEncoding: 'utf8',
    });
    await db.open();
    return new StateDatabase(db);
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  async height(): Promise<number> {
    const text = await this.db.get(HEIGHT);
    return text === undefined ? 0 : Number(text);
  }

  async get(key: string): Promise<VersionedValue | undefined> {
    const text = await this.db.get(STATE + key);
    if (text === undefined) {
      return undefined;
    }
    const { v, d } = JSON.parse(text) as { v: string; d: string };
    return { version: v, value: Buffer.from(d, 'base64') };
  }

  /** Keys in [start, end) in key order, at most `limit` of them. */
  async range(
    start: string,
    end: string,
    limit: number,
  ): Promise<Array<{ key: string } & VersionedValue>> {
    const out: Array<{ key: string } & VersionedValue> = [];
    for await (const [key, text] of this.db.iterator({
      gte: STATE + start,
      lt: STATE + end,
      limit,
    })) {
      const { v, d } = JSON.parse(text) as { v: string; d: string };
      out.push({ key: key.slice(STATE.length), version: v, value: Buffer.from(d, 'base64') });
    }
    return out;
  }

  /** The end of the range covering every key that starts with `prefix`. */
  static rangeEnd(prefix: string): string {
    return prefix + MAX_UNICODE;
  }

  /** Every version of a key, newest first, as Fabric 2 and later return them. */
  async history(key: string): Promise<KeyModification[]> {
    const prefix = `${HISTORY}${key}\u0000`;
    const out: KeyModification[] = [];
    for await (const text of this.db.values({ gte: prefix, lt: prefix + MAX_UNICODE })) {
      const entry = JSON.parse(text) as {
        txId: string;
        timestamp: string;
        isDelete: boolean;
        d: string;
      };
      out.push({
        txId: entry.txId,
        timestamp: entry.timestamp,
        isDelete: entry.isDelete,
        value: Buffer.from(entry.d, 'base64'),
      });
    }
    // Stored oldest first (keys carry the block number); Fabric answers newest first.
    return out.reverse();
  }

  async hasTransaction(txId: string): Promise<boolean> {
    return (await this.db.get(TXID + txId)) !== undefined;
  }

  /** The committed transaction with this id, or undefined when no block holds it. */
  async transaction(txId: string): Promise<CommittedTransaction | undefined> {
    const blockNumber = await this.db.get(TXID + txId);
    return blockNumber === undefined ? undefined : this.block(Number(blockNumber));
  }

  async block(blockNumber: number): Promise<CommittedTransaction | undefined> {
    const text = await this.db.get(BLOCK + pad(blockNumber));
    return text === undefined ? undefined : decodeBlock(text);
  }

  /** Committed transactions from `from` (inclusive), oldest first. */
  async blocks(from: number, limit: number): Promise<CommittedTransaction[]> {
    const out: CommittedTransaction[] = [];
    for await (const text of this.db.values({ gte: BLOCK + pad(from), lt: `${BLOCK}~`, limit })) {
      out.push(decodeBlock(text));
    }
    return out;
  }

  /**
   * Commits one transaction as one block: its writes, their history, the block record and the
   * new height, in a single atomic batch.
   */
  async commit(
    tx: Omit<CommittedTransaction, 'blockNumber'>,
    writes: ReadonlyMap<string, Buffer | null>,
  ): Promise<CommittedTransaction> {
    const blockNumber = await this.height();
    const version = `${blockNumber}:0`;
    const batch = this.db.batch();
    for (const [key, value] of [...writes.entries()].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    )) {
      if (value === null) {
        batch.del(STATE + key);
      } else {
        batch.put(STATE + key, JSON.stringify({ v: version, d: value.toString('base64') }));
      }
      batch.put(
        `${HISTORY}${key}\u0000${pad(blockNumber)}`,
        JSON.stringify({
          txId: tx.txId,
          timestamp: tx.timestamp,
          isDelete: value === null,
          d: (value ?? Buffer.alloc(0)).toString('base64'),
        }),
      );
    }
    const committed: CommittedTransaction = { ...tx, blockNumber };
    batch.put(BLOCK + pad(blockNumber), encodeBlock(committed));
    batch.put(TXID + tx.txId, String(blockNumber));
    batch.put(HEIGHT, String(blockNumber + 1));
    await batch.write();
    return committed;
  }
}

function encodeBlock(tx: CommittedTransaction): string {
  return JSON.stringify({
    ...tx,
    payload: tx.payload.toString('base64'),
    event:
      tx.event === null
        ? null
        : { name: tx.event.name, payload: tx.event.payload.toString('base64') },
  });
}

function decodeBlock(text: string): CommittedTransaction {
  const raw = JSON.parse(text) as Omit<CommittedTransaction, 'event' | 'payload'> & {
    // Absent from blocks written before responses were kept.
    payload?: string;
    event: { name: string; payload: string } | null;
  };
  return {
    ...raw,
    payload: Buffer.from(raw.payload ?? '', 'base64'),
    event:
      raw.event === null
        ? null
        : { name: raw.event.name, payload: Buffer.from(raw.event.payload, 'base64') },
  };
}
