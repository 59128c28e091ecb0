import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import type { TraceContext } from '../ledger/trace-context';
import { itemLabel, type ItemRef } from '../model/item-ref';
import { MAX_FOREIGN_ITEMS_PER_RECEIPT } from '../model/limits';
import { ancestorsOf, effectiveCustody, findItem, refKey, refOf, type Item } from './items';

/**
 * The checks every physical handling of a stand-alone item shares (shipping, packing,
 * dispensing, decommissioning): it is not inside a container, the caller holds it, it is not
 * travelling, and it is in circulation.
 */
export function checkHandledByCustodian(
  item: Item,
  gln: string,
  options: { allowHeldPacks?: boolean } = {},
): void {
  const label = itemLabel(refOf(item));
  if (item.parent !== null) {
    throw new ChaincodeRefusal(
      'IN_CONTAINER',
      `${label} is inside container ${item.parent}; unpack it first`,
      {
        container: item.parent,
      },
    );
  }
  if (item.shipment !== null) {
    throw new ChaincodeRefusal(
      'IN_TRANSIT',
      `${label} is in transit in shipment ${item.shipment}`,
      {
        shipment: item.shipment,
      },
    );
  }
  if (item.custodian !== gln) {
    throw new ChaincodeRefusal('NOT_IN_CUSTODY', `${label} is not in your custody`);
  }
  checkInCirculation(item, options);
}

/** Refuses quarantined, decommissioned, illegitimate or unpacked items. */
export function checkInCirculation(item: Item, options: { allowHeldPacks?: boolean } = {}): void {
  const label = itemLabel(refOf(item));
  if (item.status === 'quarantined') {
    throw new ChaincodeRefusal(
      'ITEM_QUARANTINED',
      `${label} is under investigation and may not be moved or supplied`,
    );
  }
  if (item.status !== 'active') {
    throw new ChaincodeRefusal('ITEM_NOT_ACTIVE', `${label} is ${item.status}`, {
      status: item.status,
    });
  }
  if (item.docType === 'container' && item.heldPacks > 0 && options.allowHeldPacks !== true) {
    throw new ChaincodeRefusal(
      'ITEM_QUARANTINED',
      `${label} holds ${item.heldPacks} pack(s) under investigation; unpack it and set them aside first`,
    );
  }
}

/**
 * Sorts the items a receipt lists that its shipment did not carry. `own`: what the receipt may
 * set aside, as a flag may: the receiver's own stock, or what travels inside a container the
 * shipment carried (the shipment's own goods, named by their packs). `foreign`: everything else,
 * another party's stock or a code the ledger does not know. A receipt names those in its alert
 * but never changes them: the ledger cannot check what a receiver says arrived, and must not let
 * one party freeze another's stock (issue 20). Read before anything is written, as the ledger has
 * them before the receipt; more than {@link MAX_FOREIGN_ITEMS_PER_RECEIPT} foreign items are
 * refused (LIMIT_EXCEEDED) as soon as they are counted, so a refused receipt reads little and
 * changes nothing.
 */
export async function sortReceiptExtras(
  ctx: TraceContext,
  extra: readonly ItemRef[],
  shipped: ReadonlySet<string>,
  receiver: string,
): Promise<{ own: ItemRef[]; foreign: ItemRef[] }> {
  const own: ItemRef[] = [];
  const foreign: ItemRef[] = [];
  for (const ref of extra) {
    const item = await findItem(ctx, ref);
    const ancestors = item === undefined ? [] : await ancestorsOf(ctx, item);
    const isOwn =
      item !== undefined &&
      (effectiveCustody(item, ancestors).custodian === receiver ||
        ancestors.some((container) => shipped.has(refKey(refOf(container)))));
    if (isOwn) {
      own.push(ref);
      continue;
    }
    foreign.push(ref);
    if (foreign.length > MAX_FOREIGN_ITEMS_PER_RECEIPT) {
      throw new ChaincodeRefusal(
        'LIMIT_EXCEEDED',
        `a receipt may list at most ${MAX_FOREIGN_ITEMS_PER_RECEIPT} items that are neither in its shipment nor in your custody; list what arrived of the shipment, and flag the rest`,
        { max: MAX_FOREIGN_ITEMS_PER_RECEIPT },
      );
    }
  }
  return { own, foreign };
}
