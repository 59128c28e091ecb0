import { canonicalJson } from './canonical-json';
import type { TraceContext } from './trace-context';

/** Reads and parses one record, or undefined when the key holds nothing. */
export async function readRecord<T>(ctx: TraceContext, key: string): Promise<T | undefined> {
  const bytes = await ctx.stub.getState(key);
  if (bytes === undefined || bytes.length === 0) {
    return undefined;
  }
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}

/**
 * The one way the chaincode writes state: canonical JSON (sorted keys), so every peer endorses
 * the same bytes.
 */
export async function writeRecord(ctx: TraceContext, key: string, record: object): Promise<void> {
  await ctx.stub.putState(key, Buffer.from(canonicalJson(record), 'utf8'));
}

/** Index entries carry no data of their own; Fabric treats an empty value as a delete. */
export async function writeIndex(ctx: TraceContext, key: string): Promise<void> {
  await writeRecord(ctx, key, { index: true });
}

/** Removes a key. */
export async function deleteKey(ctx: TraceContext, key: string): Promise<void> {
  await ctx.stub.deleteState(key);
}
