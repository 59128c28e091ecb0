import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ApiError } from '../errors/api-error';
import type { IdempotentSubmits, SentTransaction } from '../ledger/ledger-caller';

/** A request made under an Idempotency-Key, as the store keeps it. */
interface IdempotencyRecord {
  readonly key: string;
  readonly fingerprint: string;
  /** When the key was first seen. */
  readonly at: number;
  /** A secret of this request, from which its retries derive the same generated values. */
  readonly nonce: string;
  /** The last transaction each submit of the request sent, by submit order. */
  readonly sent: readonly SentTransaction[];
  /**
   * The answer, once one was given (absent while the outcome is open), with the ids of the
   * transactions it reported, so a replay reports them too.
   */
  readonly response?: {
    readonly status: number;
    readonly body: unknown;
    readonly txIds?: readonly string[];
  };
}

/** A line of the store's file: a record's latest state, or the end of one. */
type StoreLine = IdempotencyRecord | { readonly key: string; readonly forget: true };

/** How long a key is remembered. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3600 * 1000;

/** The file is rewritten with only live records once it holds this many more lines than them. */
const COMPACT_SLACK = 1_000;

/** What a retried request does: replay the answer given, or run (resuming what it sent). */
export type IdempotentStart =
  | {
      readonly kind: 'replay';
      readonly status: number;
      readonly body: unknown;
      /** The transaction ids the first answer reported (none for an answer without any). */
      readonly txIds: readonly string[];
    }
  | { readonly kind: 'run'; readonly request: IdempotentRequest };

/**
 * One request under an Idempotency-Key while it runs. Each transaction id is written to disk
 * before the transaction goes to the ledger, so a retry after a crash or an unknown outcome
 * can ask the ledger what became of it.
 */
export interface IdempotentRequest extends IdempotentSubmits {
  /**
   * A secret, the same for every attempt of this request, to derive generated values from (kept
   * only in the store's owner-only file).
   */
  readonly seed: string;
  /** Keeps the answer, and the transaction ids it reports, for replay. */
  answer(status: number, body: unknown, txIds: readonly string[]): Promise<void>;
  /** Keeps the record open (what was sent may have committed) for a retry to settle. */
  leaveOpen(): void;
  /** Forgets the key: nothing the request sent can have changed the ledger. */
  forget(): Promise<void>;
}

/** Seconds a request that gave up waiting is told to wait before it tries again. */
const RETRY_AFTER_SECONDS = 5;

/** What claiming a key found: an answer to replay, a request to run, or one to wait for. */
type Claim =
  | IdempotentStart
  | { readonly kind: 'wait'; readonly settled: Promise<void> }
  | { readonly kind: 'new'; readonly record: IdempotencyRecord };

/**
 * Remembers each write sent with an Idempotency-Key (per user) in a JSON-lines file, so a
 * retried request replays the first answer, or settles from the ledger what a crashed or
 * unconfirmed attempt sent, instead of acting twice. Entries expire after 24 hours; the file
 * is compacted when it opens and as it grows.
 *
 * Claiming a key is atomic: one attempt at a time runs; another attempt that arrives meanwhile
 * waits for it (up to a deadline), then goes on exactly as a retry sent after it would: it
 * replays the answer given, settles what was sent when the outcome was left open, or runs
 * afresh when nothing was sent.
 */
export class IdempotencyStore {
  /** Keys whose request runs now, each with what resolves once it answers, leaves or forgets. */
  private readonly inFlight = new Map<string, { settled: Promise<void>; release: () => void }>();
  private lines: number;
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly records: Map<string, IdempotencyRecord>,
    private readonly now: () => number,
    private readonly waitMs: number,
  ) {
    this.lines = records.size;
  }

  /**
   * @param now the clock that ages keys (24 hours)
   * @param waitMs how long an attempt waits for another attempt of the same request to finish
   *   before it is answered 409 REQUEST_IN_PROGRESS (see `GatewayConfig.idempotencyWaitSeconds`)
   */
  static async open(file: string, now: () => number, waitMs: number): Promise<IdempotencyStore> {
    const records = new Map<string, IdempotencyRecord>();
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') {
        continue;
      }
      let entry: StoreLine;
      try {
        entry = JSON.parse(line) as StoreLine;
      } catch {
        // A line cut short by a crash mid-write: the state before it stands.
        continue;
      }
      if ('forget' in entry) {
        records.delete(entry.key);
      } else {
        records.set(entry.key, entry);
      }
    }
    await mkdir(dirname(file), { recursive: true });
    const store = new IdempotencyStore(file, records, now, waitMs);
    await store.compact();
    return store;
  }

  static fingerprint(method: string, path: string, body: unknown): string {
    return createHash('sha256')
      .update(method)
      .update(path)
      .update(JSON.stringify(body ?? null))
      .digest('hex');
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.records.size;
  }

  /**
   * Starts a request under `key`: the stored answer to replay, or a request to run. While
   * another attempt of it runs, waits for that one to finish and then answers as a retry would.
   *
   * @throws ApiError 409 IDEMPOTENCY_KEY_REUSED for a key used for a different request, or 409
   *   REQUEST_IN_PROGRESS (with a retry delay) when the running attempt did not finish in time
   */
  async begin(key: string, fingerprint: string): Promise<IdempotentStart> {
    const giveUpAt = Date.now() + this.waitMs;
    for (;;) {
      const claim = this.claim(key, fingerprint);
      if (claim.kind === 'replay' || claim.kind === 'run') {
        return claim;
      }
      if (claim.kind === 'new') {
        try {
          await this.append(claim.record);
        } catch (error) {
          // Nothing was sent under it: the key is free again for a retry.
          this.records.delete(key);
          this.release(key);
          throw error;
        }
        return { kind: 'run', request: this.request(claim.record) };
      }
      if (!(await settledWithin(claim.settled, giveUpAt - Date.now()))) {
        throw new ApiError(
          409,
          'REQUEST_IN_PROGRESS',
          'a request with this Idempotency-Key is still being processed; retry with the same key to get its answer',
          undefined,
          RETRY_AFTER_SECONDS,
        );
      }
    }
  }

  /**
   * Decides, without yielding to another request, what an attempt does; a request to run is
   * marked in flight before this returns, so no other attempt can run it too.
   */
  private claim(key: string, fingerprint: string): Claim {
    let record = this.records.get(key);
    if (
      record !== undefined &&
      !this.inFlight.has(key) &&
      this.now() - record.at >= IDEMPOTENCY_RETENTION_MS
    ) {
      this.records.delete(key);
      record = undefined;
    }
    if (record !== undefined && record.fingerprint !== fingerprint) {
      throw new ApiError(
        409,
        'IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was used for a different request',
      );
    }
    const running = this.inFlight.get(key);
    if (running !== undefined) {
      return { kind: 'wait', settled: running.settled };
    }
    if (record?.response !== undefined) {
      return {
        kind: 'replay',
        status: record.response.status,
        body: record.response.body,
        txIds: record.response.txIds ?? [],
      };
    }
    let release = (): void => undefined;
    const settled = new Promise<void>((resolve) => (release = resolve));
    this.inFlight.set(key, { settled, release });
    if (record === undefined) {
      const created: IdempotencyRecord = {
        key,
        fingerprint,
        at: this.now(),
        nonce: randomBytes(32).toString('base64'),
        sent: [],
      };
      this.records.set(key, created);
      return { kind: 'new', record: created };
    }
    return { kind: 'run', request: this.request(record) };
  }

  /** Ends the attempt running under `key`, waking the attempts waiting for it. */
  private release(key: string): void {
    this.inFlight.get(key)?.release();
    this.inFlight.delete(key);
  }

  private request(first: IdempotencyRecord): IdempotentRequest {
    const { key } = first;
    // What earlier attempts sent stays readable while this attempt records its own.
    const earlier = first.sent;
    const current = (): IdempotencyRecord => this.records.get(key) ?? first;
    return {
      seed: first.nonce,
      earlierSends: earlier.length,
      earlierSubmit: (index) => earlier[index],
      recordSubmit: async (index, txId) => {
        const sent = [...current().sent];
        sent[index] = { txId, at: this.now() };
        await this.write({ ...current(), sent });
      },
      answer: async (status, body, txIds) => {
        try {
          await this.write({ ...current(), response: { status, body, txIds: [...txIds] } });
        } finally {
          // The answer is in memory either way, so whoever waited replays it.
          this.release(key);
        }
      },
      leaveOpen: () => {
        this.release(key);
      },
      forget: async () => {
        this.records.delete(key);
        this.release(key);
        await this.append({ key, forget: true });
      },
    };
  }

  private async write(record: IdempotencyRecord): Promise<void> {
    this.records.set(record.key, record);
    await this.append(record);
  }

  /** Appends one line; file writes are queued so a compaction never loses one. */
  private append(line: StoreLine): Promise<void> {
    const run = async () => {
      await appendFile(this.file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
      this.lines += 1;
      if (this.lines > 2 * this.records.size + COMPACT_SLACK) {
        await this.rewrite();
      }
    };
    this.writes = this.writes.then(run, run);
    return this.writes;
  }

  /** Drops expired keys and rewrites the file with the live records only. */
  private compact(): Promise<void> {
    this.writes = this.writes.then(
      () => this.rewrite(),
      () => this.rewrite(),
    );
    return this.writes;
  }

  private async rewrite(): Promise<void> {
    const now = this.now();
    for (const [key, record] of this.records) {
      if (now - record.at >= IDEMPOTENCY_RETENTION_MS) {
        this.records.delete(key);
      }
    }
    const text = [...this.records.values()].map((record) => `${JSON.stringify(record)}\n`).join('');
    // Through a temporary file and a rename: a crash leaves the old file or the new, whole.
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, this.file);
    this.lines = this.records.size;
  }
}

/** Whether `settled` resolved within `ms` milliseconds. */
async function settledWithin(settled: Promise<void>, ms: number): Promise<boolean> {
  if (ms <= 0) {
    return false;
  }
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([settled.then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}
