import type { TraceContext } from '../ledger/trace-context';
import type { HistoryEntry } from '../model/history-entry';
import { ancestorsOf, refOf, removeHolding, saveItem, type Item } from './items';

/**
 * Puts an item under investigation for an alert. Only items in circulation can be held; a
 * decommissioned pack stays as it is (the alert still records it). Returns whether the item is
 * now held by this alert.
 */
export async function quarantineItem(
  ctx: TraceContext,
  item: Item,
  alertId: string,
  entry: HistoryEntry,
): Promise<boolean> {
  if (item.status === 'quarantined' && item.quarantine !== null) {
    await saveItem(ctx, {
      ...item,
      quarantine: { ...item.quarantine, alertIds: [...item.quarantine.alertIds, alertId] },
      lastEvent: entry,
    });
    return true;
  }
  if (item.status !== 'active') {
    return false;
  }
  await saveItem(ctx, {
    ...item,
    status: 'quarantined',
    quarantine: { alertIds: [alertId], previousStatus: 'active' },
    lastEvent: entry,
  });
  await adjustHeldPacks(ctx, item, +1);
  return true;
}

/**
 * Ends an alert's hold on an item. Confirmed: the item is illegitimate and leaves circulation
 * (and inventory). Cleared: once no other open alert holds it, it returns to its previous status.
 */
export async function releaseItem(
  ctx: TraceContext,
  item: Item,
  alertId: string,
  outcome: 'confirmed' | 'cleared',
  entry: HistoryEntry,
): Promise<void> {
  if (
    item.status !== 'quarantined' ||
    item.quarantine === null ||
    !item.quarantine.alertIds.includes(alertId)
  ) {
    return;
  }
  if (outcome === 'confirmed') {
    await saveItem(ctx, { ...item, status: 'illegitimate', quarantine: null, lastEvent: entry });
    if (item.parent === null) {
      await removeHolding(ctx, item.custodian, refOf(item));
    }
    return;
  }
  const remaining = item.quarantine.alertIds.filter((id) => id !== alertId);
  if (remaining.length > 0) {
    await saveItem(ctx, {
      ...item,
      quarantine: { ...item.quarantine, alertIds: remaining },
      lastEvent: entry,
    });
    return;
  }
  await saveItem(ctx, {
    ...item,
    status: item.quarantine.previousStatus,
    quarantine: null,
    lastEvent: entry,
  });
  await adjustHeldPacks(ctx, item, -1);
}

/** Keeps the count of held packs on every container around a pack, so sealed containers with a suspect pack inside cannot move. */
async function adjustHeldPacks(ctx: TraceContext, item: Item, delta: number): Promise<void> {
  if (item.docType !== 'pack' || item.parent === null) {
    return;
  }
  for (const container of await ancestorsOf(ctx, item)) {
    await saveItem(ctx, { ...container, heldPacks: Math.max(0, container.heldPacks + delta) });
  }
}
