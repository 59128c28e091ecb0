import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { checkBookmark, compactBookmark, parseCompactBookmark } from '../ledger/pagination';
import { readRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { Batch } from '../model/batch';
import type { Shipment } from '../model/shipment';
import type { Container, Pack } from '../model/tracked-item';
import { batchesOf, findBatch } from './batches';
import {
  holdingPositionOf,
  holdingPositionParts,
  unmaterialisedHoldings,
  type HoldingPosition,
} from './compact-holdings';
import { findItem, refFromHoldingParts, type Item } from './items';

/** Who holds an item and the shipment it travels in, if any. */
interface Custody {
  readonly custodian: string;
  readonly shipment: string | null;
}

/**
 * The parties a recall of this batch must reach: every party holding one of its packs still in
 * circulation (loose or inside a case or pallet), and every party such a pack is travelling to.
 * Sorted, so every peer addresses the event alike. Reads every pack of the batch with a record
 * of its own once (the batch-pack index); a container's custody is read once however many of
 * the batch's packs it holds. Packs without a record (compact commissioning) are loose with the
 * batch's manufacturer, whom a recall always notifies.
 */
export async function partiesWithStockOf(ctx: TraceContext, batch: Batch): Promise<string[]> {
  const parties = new Set<string>();
  const outerCustody = new Map<string, Custody>();
  const shipmentTo = new Map<string, string | undefined>();
  const custodyOf = async (item: Pack | Container): Promise<Custody> => {
    if (item.parent === null) {
      return { custodian: item.custodian, shipment: item.shipment };
    }
    let custody = outerCustody.get(item.parent);
    if (custody === undefined) {
      const parent = await readRecord<Container>(ctx, Keys.container(ctx, item.parent));
      if (parent === undefined) {
        throw new ChaincodeRefusal(
          'CONTAINER_NOT_FOUND',
          `container ${item.parent} is not on the ledger`,
        );
      }
      custody = await custodyOf(parent);
      outerCustody.set(item.parent, custody);
    }
    return custody;
  };
  const iterator = await ctx.stub.getStateByPartialCompositeKey('batch-pack', [
    batch.gtin,
    batch.lot,
  ]);
  try {
    for (let result = await iterator.next(); !result.done; result = await iterator.next()) {
      const serial = ctx.stub.splitCompositeKey(result.value.key).attributes[2] ?? '';
      const pack = await readRecord<Pack>(ctx, Keys.pack(ctx, batch.gtin, serial));
      if (pack === undefined || pack.status === 'inactive' || pack.status === 'illegitimate') {
        continue;
      }
      const custody = await custodyOf(pack);
      parties.add(custody.custodian);
      if (custody.shipment !== null) {
        if (!shipmentTo.has(custody.shipment)) {
          const shipment = await readRecord<Shipment>(ctx, Keys.shipment(ctx, custody.shipment));
          shipmentTo.set(custody.shipment, shipment?.to);
        }
        const to = shipmentTo.get(custody.shipment);
        if (to !== undefined) {
          parties.add(to);
        }
      }
    }
  } finally {
    await iterator.close();
  }
  return [...parties].sort();
}

/**
 * What a party holds of recalled batches (loose packs and containers with any recalled batch
 * inside), a page at a time. The filter is applied before paging, so every page but the last is
 * full; the bookmark is the last holding key returned.
 */
export async function recalledStockOf(
  ctx: TraceContext,
  gln: string,
  pageSize: number,
  bookmark: string,
): Promise<{ items: Item[]; bookmark: string }> {
  const position = parseCompactBookmark(bookmark);
  if (position === undefined) {
    checkBookmark(ctx, 'holding', [gln], bookmark);
  }
  const recalled = new Map<string, boolean>();
  const isRecalled = async (label: string) => {
    let known = recalled.get(label);
    if (known === undefined) {
      const [gtin = '', lot = ''] = label.split('/');
      known = (await findBatch(ctx, gtin, lot))?.status === 'recalled';
      recalled.set(label, known);
    }
    return known;
  };
  const items: Item[] = [];
  if (position === undefined) {
    let last = '';
    let more = false;
    const iterator = await ctx.stub.getStateByPartialCompositeKey('holding', [gln]);
    try {
      for (let result = await iterator.next(); !result.done; result = await iterator.next()) {
        const key = result.value.key;
        if (bookmark !== '' && key <= bookmark) {
          continue;
        }
        const ref = refFromHoldingParts(ctx.stub.splitCompositeKey(key).attributes.slice(1));
        const item = await findItem(ctx, ref);
        if (item === undefined) {
          continue;
        }
        let hit = false;
        for (const label of batchesOf(item)) {
          hit = hit || (await isRecalled(label));
        }
        if (!hit) {
          continue;
        }
        if (items.length === pageSize) {
          more = true;
          break;
        }
        items.push(item);
        last = key;
      }
    } finally {
      await iterator.close();
    }
    if (more) {
      return { items, bookmark: last };
    }
  }
  // Then the packs it holds of recalled batches that have no record of their own.
  const from =
    position === undefined || position.length === 0 ? undefined : holdingPositionOf(position);
  let next: HoldingPosition | undefined;
  for await (const found of unmaterialisedHoldings(ctx, gln, from, (gtin, lot) =>
    isRecalled(`${gtin}/${lot}`),
  )) {
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
