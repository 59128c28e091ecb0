import { LedgerError } from './ledger-error';
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
    throw new LedgerError(
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
    throw new LedgerError(
      'INVALID_ARGUMENT',
      `limit must be a whole number from 1 to ${MAX_MIGRATION_BATCH}`,
    );
  }
  return Number(text);
}

/** Checks a bookmark is one this listing could have produced (a key under its prefix). */
function checkBookmark(
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
    throw new LedgerError('INVALID_ARGUMENT', 'bookmark does not belong to this listing');
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
