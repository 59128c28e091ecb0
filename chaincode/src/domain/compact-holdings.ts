import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { readRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { Pack } from '../model/tracked-item';
import { positionOf, positionParts } from './batch-serials';
import { compactBookmark, pageOfKeys, parseCompactBookmark } from '../ledger/pagination';
import {
  compactSerialsOf,
  lotHoldingsOf,
  synthesisedPack,
  type CompactPosition,
} from './compact-packs';
import { findItem, refFromHoldingParts, type Item } from './items';

/** Where a listing of a party's unmaterialised packs stands: batch, then position in it. */
export interface HoldingPosition {
  readonly gtin: string;
  readonly lot: string;
  readonly at: CompactPosition | undefined;
}

/** Bookmark parts of a position (see compactBookmark). */
export function holdingPositionParts(position: HoldingPosition): Array<string | number> {
  return [position.gtin, position.lot, ...positionParts(position.at)];
}

/** Reads bookmark parts back into a position, refusing anything a listing could not produce. */
export function holdingPositionOf(parts: readonly unknown[]): HoldingPosition {
  const [gtin, lot, ...rest] = parts;
  if (typeof gtin !== 'string' || typeof lot !== 'string') {
    throw new ChaincodeRefusal('INVALID_ARGUMENT', 'bookmark does not belong to this listing');
  }
  Keys.partial([gtin, lot]);
  return { gtin, lot, at: positionOf(rest) };
}

/**
 * The packs a party holds that have no record of their own (commissioned compactly and not
 * touched since), batch by batch, from a position on; each with the position after it. Packs
 * of a batch that were materialised are skipped: their own holding entries list them.
 * `wanted` may skip a whole batch (e.g. one that is not recalled) without reading it.
 */
export async function* unmaterialisedHoldings(
  ctx: TraceContext,
  gln: string,
  from: HoldingPosition | undefined,
  wanted: (gtin: string, lot: string) => Promise<boolean> = () => Promise.resolve(true),
): AsyncGenerator<{ pack: Pack; next: HoldingPosition }> {
  let skipping = from !== undefined;
  for (const [gtin, lot] of await lotHoldingsOf(ctx, gln)) {
    const resume = skipping && from?.gtin === gtin && from.lot === lot;
    if (skipping && !resume) {
      continue;
    }
    skipping = false;
    if (!(await wanted(gtin, lot))) {
      continue;
    }
    for await (const found of compactSerialsOf(ctx, gtin, lot, resume ? from?.at : undefined)) {
      if (found.record.custodian !== gln) {
        continue;
      }
      if ((await readRecord<Pack>(ctx, Keys.pack(ctx, gtin, found.serial))) !== undefined) {
        continue;
      }
      yield {
        pack: synthesisedPack(found.record, found.serial),
        next: { gtin, lot, at: found.next },
      };
    }
  }
}

/**
 * One page of what a party holds: its holding index (stand-alone items with records of their
 * own), then the packs it holds that have none. The bookmark is a holding key in the first part
 * and a compact position (see compactBookmark) in the second.
 */
export async function inventoryPage(
  ctx: TraceContext,
  gln: string,
  pageSize: number,
  bookmark: string,
): Promise<{ items: Item[]; bookmark: string }> {
  const items: Item[] = [];
  const position = parseCompactBookmark(bookmark);
  if (position === undefined) {
    const page = await pageOfKeys(ctx, 'holding', [gln], pageSize, bookmark);
    for (const entry of page.entries) {
      const item = await findItem(ctx, refFromHoldingParts(entry.attributes.slice(1)));
      if (item !== undefined) {
        items.push(item);
      }
    }
    if (page.bookmark !== '' || items.length === pageSize) {
      return { items, bookmark: page.bookmark === '' ? compactBookmark([]) : page.bookmark };
    }
  }
  const from =
    position === undefined || position.length === 0 ? undefined : holdingPositionOf(position);
  let next: HoldingPosition | undefined;
  for await (const found of unmaterialisedHoldings(ctx, gln, from)) {
    if (items.length === pageSize) {
      return {
        items,
        bookmark: compactBookmark(next === undefined ? [] : holdingPositionParts(next)),
      };
    }
    items.push(found.pack);
    next = found.next;
  }
  return { items, bookmark: '' };
}
