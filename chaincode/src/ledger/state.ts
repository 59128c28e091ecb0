import { canonicalJson } from './canonical-json';
import { keepEarlierChange } from './same-transaction-versions';
import type { TraceContext } from './trace-context';

/**
 * What the running transaction has written so far, by key (null: deleted). Fabric's getState
 * reads the committed state, never the transaction's own writes, so without this a read after a
 * write in the same transaction would see the old value, and a second write based on it would
 * silently undo the first. Keyed by the transaction's stub (one per transaction), so nothing
 * outlives the transaction and nothing lives on the contract instance, which Fabric shares.
 */
const pendingWrites = new WeakMap<object, Map<string, Uint8Array | null>>();

function writesOf(ctx: TraceContext): Map<string, Uint8Array | null> {
  let writes = pendingWrites.get(ctx.stub);
  if (writes === undefined) {
    writes = new Map();
    pendingWrites.set(ctx.stub, writes);
  }
  return writes;
}

/**
 * Reads and parses one record, or undefined when the key holds nothing. Sees the transaction's
 * own earlier writes and deletes: the one place point reads go through. (Range queries do not;
 * listings run in read-only transactions, which write nothing.)
 */
export async function readRecord<T>(ctx: TraceContext, key: string): Promise<T | undefined> {
  const written = writesOf(ctx).get(key);
  const bytes = written === undefined ? await ctx.stub.getState(key) : written;
  if (bytes === null || bytes.length === 0) {
    return undefined;
  }
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}

/**
 * The transaction's own writes to simple keys from `start` (inclusive) to `end` (exclusive), by
 * key (null: deleted). A range read sees only committed state; one that must see what an earlier
 * step of the same transaction wrote (a document captured whole) lays these over its results.
 */
export function pendingWritesBetween(
  ctx: TraceContext,
  start: string,
  end: string,
): Map<string, Uint8Array | null> {
  return new Map([...writesOf(ctx)].filter(([key]) => key >= start && key < end));
}

/**
 * The one way the chaincode writes state: canonical JSON (sorted keys), so every peer endorses
 * the same bytes. Later reads in the same transaction see it. A record several events of one
 * transaction change has their earlier changes written beside it (same-transaction-versions.ts).
 */
export async function writeRecord(ctx: TraceContext, key: string, record: object): Promise<void> {
  await keepEarlierChange(ctx, key, writesOf(ctx).get(key), record);
  const bytes = Buffer.from(canonicalJson(record), 'utf8');
  await ctx.stub.putState(key, bytes);
  writesOf(ctx).set(key, bytes);
}

/** Index entries carry no data of their own; Fabric treats an empty value as a delete. */
export async function writeIndex(ctx: TraceContext, key: string): Promise<void> {
  await writeRecord(ctx, key, { index: true });
}

/** Removes a key; later reads in the same transaction find nothing there. */
export async function deleteKey(ctx: TraceContext, key: string): Promise<void> {
  await ctx.stub.deleteState(key);
  writesOf(ctx).set(key, null);
}
