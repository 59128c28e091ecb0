import { ChaincodeStub } from 'fabric-shim';
import { StateDatabase, type VersionedValue } from './state-database';

/** What a transaction read (with versions) and wrote: Fabric's read-write set. */
export interface ReadWriteSet {
  readonly reads: ReadonlyMap<string, string | null>;
  readonly ranges: ReadonlyArray<{
    start: string;
    end: string;
    limit: number;
    results: ReadonlyArray<{ key: string; version: string }>;
  }>;
  readonly writes: ReadonlyMap<string, Buffer | null>;
  readonly usedPagination: boolean;
}

/** The proposal a simulator runs: who, what, when. */
export interface Proposal {
  readonly channel: string;
  readonly txId: string;
  readonly timestamp: Date;
  readonly mspId: string;
  readonly certificate: string;
  readonly args: readonly string[];
}

interface QueryIterator<T> {
  next(): Promise<{ value: T; done: false } | { value: undefined; done: true }>;
  close(): Promise<void>;
}

function iterate<T>(items: readonly T[]): QueryIterator<T> {
  let index = 0;
  return {
    next: () =>
      Promise.resolve(
        index < items.length
          ? { value: items[index++] as T, done: false as const }
          : { value: undefined, done: true as const },
      ),
    close: () => Promise.resolve(),
  };
}

/**
 * Fabric's composite-key helpers do not touch the stub's state; borrowing them keeps keys formed
 * exactly as on a peer.
 */
const fabricStub = ChaincodeStub.prototype as unknown as {
  createCompositeKey(this: void, objectType: string, attributes: string[]): string;
  splitCompositeKey(this: void, compositeKey: string): { objectType: string; attributes: string[] };
};

/** Largest page Fabric's default totalQueryLimit allows in one query. */
const TOTAL_QUERY_LIMIT = 100000;

/**
 * A chaincode stub that simulates one transaction against committed state, as a peer's
 * transaction simulator does: reads see committed state only (never the transaction's own
 * writes), every read is recorded with its version, writes are buffered, and paginated queries
 * are refused in a transaction that writes.
 */
export class TransactionSimulator {
  private readonly reads = new Map<string, string | null>();
  private readonly ranges: Array<{
    start: string;
    end: string;
    limit: number;
    results: Array<{ key: string; version: string }>;
  }> = [];
  private readonly writes = new Map<string, Buffer | null>();
  private usedPagination = false;
  private event: { name: string; payload: Buffer } | null = null;

  constructor(
    private readonly db: StateDatabase,
    readonly proposal: Proposal,
  ) {}

  readWriteSet(): ReadWriteSet {
    return {
      reads: this.reads,
      ranges: this.ranges,
      writes: this.writes,
      usedPagination: this.usedPagination,
    };
  }

  chaincodeEvent(): { name: string; payload: Buffer } | null {
    return this.event;
  }

  // --- the ChaincodeStub surface used by fabric-contract-api and the chaincode ---

  getTxID(): string {
    return this.proposal.txId;
  }

  getChannelID(): string {
    return this.proposal.channel;
  }

  getCreator(): { mspid: string; idBytes: Uint8Array } {
    return { mspid: this.proposal.mspId, idBytes: Buffer.from(this.proposal.certificate, 'utf8') };
  }

  getBufferArgs(): Buffer[] {
    return this.proposal.args.map((arg) => Buffer.from(arg, 'utf8'));
  }

  getArgs(): string[] {
    return [...this.proposal.args];
  }

  getStringArgs(): string[] {
    return [...this.proposal.args];
  }

  getFunctionAndParameters(): { fcn: string; params: string[] } {
    const [fcn = '', ...params] = this.proposal.args;
    return { fcn, params };
  }

  getDateTimestamp(): Date {
    return new Date(this.proposal.timestamp.getTime());
  }

  getTxTimestamp(): { seconds: number; nanos: number } {
    const millis = this.proposal.timestamp.getTime();
    return { seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1e6 };
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    return fabricStub.createCompositeKey(objectType, attributes);
  }

  splitCompositeKey(compositeKey: string): { objectType: string; attributes: string[] } {
    return fabricStub.splitCompositeKey(compositeKey);
  }

  async getState(key: string): Promise<Uint8Array> {
    checkKey(key);
    const committed = await this.db.get(key);
    this.recordRead(key, committed);
    return committed?.value ?? Buffer.alloc(0);
  }

  putState(key: string, value: Uint8Array): Promise<void> {
    checkKey(key);
    if (value.length === 0) {
      // Fabric treats an empty value as a delete.
      this.writes.set(key, null);
    } else {
      this.writes.set(key, Buffer.from(value));
    }
    return Promise.resolve();
  }

  deleteState(key: string): Promise<void> {
    checkKey(key);
    this.writes.set(key, null);
    return Promise.resolve();
  }

  setEvent(name: string, payload: Uint8Array): void {
    if (typeof name !== 'string' || name === '') {
      throw new Error('Event name must be a non-empty string');
    }
    this.event = { name, payload: Buffer.from(payload) };
  }

  async getStateByRange(
    startKey: string,
    endKey: string,
  ): Promise<QueryIterator<{ key: string; value: Buffer }>> {
    const end = endKey === '' ? StateDatabase.rangeEnd('') : endKey;
    return iterate(await this.rangeQuery(startKey, end, TOTAL_QUERY_LIMIT));
  }

  async getStateByPartialCompositeKey(
    objectType: string,
    attributes: string[],
  ): Promise<QueryIterator<{ key: string; value: Buffer }>> {
    const prefix = this.createCompositeKey(objectType, attributes);
    return iterate(
      await this.rangeQuery(prefix, StateDatabase.rangeEnd(prefix), TOTAL_QUERY_LIMIT),
    );
  }

  async getStateByPartialCompositeKeyWithPagination(
    objectType: string,
    attributes: string[],
    pageSize: number,
    bookmark: string,
  ): Promise<{
    iterator: QueryIterator<{ key: string; value: Buffer }>;
    metadata: { fetchedRecordsCount: number; bookmark: string };
  }> {
    this.usedPagination = true;
    const prefix = this.createCompositeKey(objectType, attributes);
    const start = bookmark === '' ? prefix : bookmark;
    // One more than the page tells whether another page follows; its key is the bookmark.
    const results = await this.rangeQuery(start, StateDatabase.rangeEnd(prefix), pageSize + 1);
    const page = results.slice(0, pageSize);
    return {
      iterator: iterate(page),
      metadata: { fetchedRecordsCount: page.length, bookmark: results[pageSize]?.key ?? '' },
    };
  }

  async getHistoryForKey(key: string): Promise<
    QueryIterator<{
      txId: string;
      timestamp: { seconds: number; nanos: number };
      isDelete: boolean;
      value: Buffer;
    }>
  > {
    checkKey(key);
    const history = await this.db.history(key);
    return iterate(
      history.map((entry) => {
        const millis = Date.parse(entry.timestamp);
        return {
          txId: entry.txId,
          timestamp: { seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1e6 },
          isDelete: entry.isDelete,
          value: entry.value,
        };
      }),
    );
  }

  private recordRead(key: string, committed: VersionedValue | undefined): void {
    if (!this.reads.has(key)) {
      this.reads.set(key, committed?.version ?? null);
    }
  }

  private async rangeQuery(
    start: string,
    end: string,
    limit: number,
  ): Promise<Array<{ key: string; value: Buffer }>> {
    const results = await this.db.range(start, end, limit);
    this.ranges.push({
      start,
      end,
      limit,
      results: results.map(({ key, version }) => ({ key, version })),
    });
    return results.map(({ key, value }) => ({ key, value }));
  }
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw new Error('key must be a non-empty string');
  }
  if (!isWellFormed(key)) {
    throw new Error(`key is not valid UTF-8`);
  }
}

function isWellFormed(text: string): boolean {
  return Buffer.from(text, 'utf8').toString('utf8') === text;
}
