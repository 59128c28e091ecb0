import { LedgerError } from '../ledger/ledger-error';
import { itemLabel } from '../model/item-ref';
import { refOf, type Item } from './items';

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
    throw new LedgerError(
      'IN_CONTAINER',
      `${label} is inside container ${item.parent}; unpack it first`,
      {
        container: item.parent,
      },
    );
  }
  if (item.shipment !== null) {
    throw new LedgerError('IN_TRANSIT', `${label} is in transit in shipment ${item.shipment}`, {
      shipment: item.shipment,
    });
  }
  if (item.custodian !== gln) {
    throw new LedgerError('NOT_IN_CUSTODY', `${label} is not in your custody`);
  }
  checkInCirculation(item, options);
}

/** Refuses quarantined, decommissioned, illegitimate or unpacked items. */
export function checkInCirculation(item: Item, options: { allowHeldPacks?: boolean } = {}): void {
  const label = itemLabel(refOf(item));
  if (item.status === 'quarantined') {
    throw new LedgerError(
      'ITEM_QUARANTINED',
      `${label} is under investigation and may not be moved or supplied`,
    );
  }
  if (item.status !== 'active') {
    throw new LedgerError('ITEM_NOT_ACTIVE', `${label} is ${item.status}`, { status: item.status });
  }
  if (item.docType === 'container' && item.heldPacks > 0 && options.allowHeldPacks !== true) {
    throw new LedgerError(
      'ITEM_QUARANTINED',
      `${label} holds ${item.heldPacks} pack(s) under investigation; unpack it and set them aside first`,
    );
  }
}
