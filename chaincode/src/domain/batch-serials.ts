import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { compactBookmark, pageOfKeys, parseCompactBookmark } from '../ledger/pagination';
import type { TraceContext } from '../ledger/trace-context';
import type { Batch } from '../model/batch';
import { compactSerialsOf, isMaterialisedEntry, type CompactPosition } from './compact-packs';

/**
 * One page of a batch's serials: first those commissioned one record per pack (ledgers written
 * before the compact record), from the batch-pack index; then those in the compact record. The
 * index also holds compact packs that were materialised; they are listed once, from the compact
 * record.
 */
export async function batchSerialsPage(
  ctx: TraceContext,
  batch: Batch,
  pageSize: number,
  bookmark: string,
): Promise<{ serials: string[]; bookmark: string }> {
  const serials: string[] = [];
  const position = parseCompactBookmark(bookmark);
  if (position === undefined) {
    let legacyBookmark = bookmark;
    do {
      const page = await pageOfKeys(
        ctx,
        'batch-pack',
        [batch.gtin, batch.lot],
        pageSize - serials.length,
        legacyBookmark,
      );
      for (const entry of page.entries) {
        if (!isMaterialisedEntry(entry.value)) {
          serials.push(entry.attributes[2] ?? '');
        }
      }
      legacyBookmark = page.bookmark;
    } while (legacyBookmark !== '' && serials.length < pageSize);
    if (legacyBookmark !== '') {
      return { serials, bookmark: legacyBookmark };
    }
  }
  const from = position === undefined ? undefined : positionOf(position);
  // (An empty position is the start of the compact serials.)
  let next: CompactPosition | undefined;
  for await (const found of compactSerialsOf(ctx, batch.gtin, batch.lot, from)) {
    if (serials.length === pageSize) {
      return { serials, bookmark: compactBookmark(positionParts(next)) };
    }
    serials.push(found.serial);
    next = found.next;
  }
  return { serials, bookmark: '' };
}

export function positionParts(position: CompactPosition | undefined): Array<string | number> {
  return position === undefined ? [] : [position.txId, position.cellIndex, position.serialIndex];
}

export function positionOf(parts: readonly unknown[]): CompactPosition | undefined {
  if (parts.length === 0) {
    return undefined;
  }
  const [txId, cellIndex, serialIndex] = parts;
  if (
    parts.length !== 3 ||
    typeof txId !== 'string' ||
    !/^[!-~]{1,64}$/.test(txId) ||
    !Number.isSafeInteger(cellIndex) ||
    !Number.isSafeInteger(serialIndex) ||
    (cellIndex as number) < 0 ||
    (serialIndex as number) < 0
  ) {
    throw new ChaincodeRefusal('INVALID_ARGUMENT', 'bookmark does not belong to this listing');
  }
  return { txId, cellIndex: cellIndex as number, serialIndex: serialIndex as number };
}
