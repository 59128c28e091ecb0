import { ChaincodeRefusal } from './chaincode-refusal';
import type { TraceContext } from './trace-context';

/** One page of a listing. `bookmark` is empty when there is nothing more. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly bookmark: string;
  readonly count: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Reads a page size argument: empty means the default; otherwise 1 to 200. */
export function parsePageSize(text: string): number {
  if (text === '') {
    return DEFAULT_PAGE_SIZE;
  }
  if (!/^[0-9]{1,4}$/.test(text) || Number(text) < 1 || Number(text) > MAX_PAGE_SIZE) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`,
    );
  }
  return Number(text);
}

/** The most records one call of a migration (re-indexing older ledgers) handles. */
export const MAX_MIGRATION_BATCH = 500;

/** Parses how many records a migration call may handle (1 to MAX_MIGRATION_BATCH). */
export function parseMigrationLimit(text: string): number {
  if (!/^[0-9]{1,3}$/.test(text) || Number(text) < 1 || Number(text) > MAX_MIGRATION_BATCH) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `limit must be a whole number from 1 to ${MAX_MIGRATION_BATCH}`,
    );
  }
  return Number(text);
}

function refuseBookmark(): never {
  throw new ChaincodeRefusal('INVALID_ARGUMENT', 'bookmark does not belong to this listing');
}

/**
 * Checks a bookmark is one this listing could have produced (a key under its prefix). Listings
 * that read keys themselves rather than through {@link pageOfKeys} call it too.
 */
export function checkBookmark(
  ctx: TraceContext,
  objectType: string,
  attributes: string[],
  bookmark: string,
): void {
  if (bookmark === '') {
    return;
  }
  const prefix = ctx.stub.createCompositeKey(objectType, attributes);
  if (bookmark.length > 1024 || !bookmark.startsWith(prefix)) {
    refuseBookmark();
  }
}

/**
 * One page of keys under a partial composite key. Fabric allows paginated queries only in
 * read-only transactions, so listings are evaluate-only.
 */
export async function pageOfKeys(
  ctx: TraceContext,
  objectType: string,
  attributes: string[],
  pageSize: number,
  bookmark: string,
): Promise<{ entries: Array<{ attributes: string[]; value: Uint8Array }>; bookmark: string }> {
  checkBookmark(ctx, objectType, attributes, bookmark);
  const { iterator, metadata } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(
    objectType,
    attributes,
    pageSize,
    bookmark,
  );
  const entries: Array<{ attributes: string[]; value: Uint8Array }> = [];
  try {
    for (let result = await iterator.next(); !result.done; result = await iterator.next()) {
      entries.push({
        attributes: ctx.stub.splitCompositeKey(result.value.key).attributes,
        value: result.value.value,
      });
    }
  } finally {
    await iterator.close();
  }
  // A full page may have more behind it; a short page is the last.
  const next = entries.length < pageSize ? '' : metadata.bookmark;
  return { entries, bookmark: next };
}

/**
 * Encodes a position in a listing that goes on past its keys (into the compact record of
 * domain/compact-packs.ts) as a bookmark, tagged so it is never mistaken for a key.
 */
export function compactBookmark(parts: readonly (string | number)[]): string {
  return `compact.${Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url')}`;
}

/** Decodes a bookmark made by {@link compactBookmark}, or undefined when it is not one. */
export function parseCompactBookmark(bookmark: string): unknown[] | undefined {
  if (!bookmark.startsWith('compact.')) {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(
      Buffer.from(bookmark.slice('compact.'.length), 'base64url').toString('utf8'),
    );
    if (Array.isArray(value)) {
      return value as unknown[];
    }
  } catch {
    // fall through to the refusal
  }
  return refuseBookmark();
}
