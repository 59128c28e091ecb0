import { createHash } from 'node:crypto';
import type { HistoryEntry } from '../model/history-entry';
import { canonicalJson } from './canonical-json';
import { Keys } from './keys';
import type { TraceContext } from './trace-context';

/*
 * Fabric keeps one version of a key per transaction: when several events of one transaction
 * change the same record (a document captured whole commissions, packs and ships a pack), the
 * key's history holds the last change only. So such a transaction writes, beside the record,
 * the entries of its earlier events that changed it (oldest first), under
 * `Keys.earlierInTransaction`; provenance reads them as versions of their own. The record keeps
 * its own shape, so nothing that reads it sees a difference.
 */

/** A record as its history sees it: its last change. */
export interface VersionedRecord {
  readonly lastEvent: HistoryEntry;
}

/** What `Keys.earlierInTransaction` holds. */
interface EarlierChanges {
  readonly docType: 'earlier-in-transaction';
  readonly entries: readonly HistoryEntry[];
}

/** Transactions (by stub) that keep their records' earlier changes. */
const keeping = new WeakSet<object>();

/** From now on, the running transaction keeps each of its events' changes to a record. */
export function keepEarlierVersions(ctx: TraceContext): void {
  keeping.add(ctx.stub);
}

function lastEventOf(value: unknown): HistoryEntry | undefined {
  const last =
    value !== null && typeof value === 'object'
      ? (value as { lastEvent?: unknown }).lastEvent
      : undefined;
  return last !== null && typeof last === 'object' ? (last as HistoryEntry) : undefined;
}

function keyDigest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The earlier changes this transaction wrote for the record under `key` (none: empty). */
const written = new WeakMap<object, Map<string, HistoryEntry[]>>();

/**
 * Called as `record` is written over `previous` (what this transaction wrote to `key` before,
 * if anything): when an earlier event of a transaction that keeps them changed the record, that
 * change is written down beside it. Writes through the stub (the record's key is written by the
 * caller; this one is never read back in the transaction).
 */
export async function keepEarlierChange(
  ctx: TraceContext,
  key: string,
  previous: Uint8Array | null | undefined,
  record: object,
): Promise<void> {
  const last = lastEventOf(record);
  if (!keeping.has(ctx.stub) || last === undefined || previous === null || previous === undefined) {
    return;
  }
  const txId = ctx.stub.getTxID();
  const previousLast = lastEventOf(JSON.parse(Buffer.from(previous).toString('utf8')) as unknown);
  let byKey = written.get(ctx.stub);
  if (byKey === undefined) {
    byKey = new Map();
    written.set(ctx.stub, byKey);
  }
  const earlier = byKey.get(key) ?? [];
  if (
    previousLast === undefined ||
    previousLast.txId !== txId ||
    previousLast.eventId === last.eventId ||
    earlier.some((entry) => entry.eventId === previousLast.eventId)
  ) {
    return;
  }
  earlier.push(previousLast);
  byKey.set(key, earlier);
  const changes: EarlierChanges = { docType: 'earlier-in-transaction', entries: earlier };
  await ctx.stub.putState(
    Keys.earlierInTransaction(ctx, keyDigest(key), txId),
    Buffer.from(canonicalJson(changes), 'utf8'),
  );
}

/**
 * Every change one version of the record under `key` stands for, oldest first: the changes
 * earlier events of its transaction made, then its own.
 */
export async function entriesOfVersion(
  ctx: TraceContext,
  key: string,
  version: VersionedRecord,
): Promise<HistoryEntry[]> {
  const bytes = await ctx.stub.getState(
    Keys.earlierInTransaction(ctx, keyDigest(key), version.lastEvent.txId),
  );
  const earlier =
    bytes.length === 0
      ? []
      : (JSON.parse(Buffer.from(bytes).toString('utf8')) as EarlierChanges).entries;
  return [...earlier, version.lastEvent];
}

/** The key {@link orderWithinTransactions} gives an entry's position under. */
export function transactionOrderKey(entry: HistoryEntry): string {
  return `${entry.txId} ${entry.eventId ?? ''}`;
}

/**
 * The order of the events of each transaction, from the records' chains of changes (each
 * version's entries, oldest first): a position per {@link transactionOrderKey}, consistent with
 * every chain (events no chain orders keep the order in which they were first seen).
 */
export function orderWithinTransactions(
  chains: ReadonlyArray<readonly HistoryEntry[]>,
): Map<string, number> {
  const after = new Map<string, Set<string>>();
  const seen: string[] = [];
  for (const chain of chains) {
    const keys = chain.map(transactionOrderKey);
    keys.forEach((current, index) => {
      if (!after.has(current)) {
        after.set(current, new Set());
        seen.push(current);
      }
      const next = keys[index + 1];
      if (next !== undefined) {
        after.get(current)?.add(next);
      }
    });
  }
  const incoming = new Map<string, number>(seen.map((key) => [key, 0]));
  for (const nexts of after.values()) {
    for (const next of nexts) {
      incoming.set(next, (incoming.get(next) ?? 0) + 1);
    }
  }
  const position = new Map<string, number>();
  const ready = seen.filter((key) => incoming.get(key) === 0);
  while (ready.length > 0) {
    const key = ready.shift() ?? '';
    position.set(key, position.size);
    for (const next of after.get(key) ?? []) {
      const left = (incoming.get(next) ?? 0) - 1;
      incoming.set(next, left);
      if (left === 0) {
        ready.push(next);
      }
    }
  }
  // A cycle cannot come from one transaction's writes; if one did, first seen decides.
  for (const key of seen) {
    if (!position.has(key)) {
      position.set(key, position.size);
    }
  }
  return position;
}
