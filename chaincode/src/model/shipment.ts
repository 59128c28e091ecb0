import type { HistoryEntry } from './history-entry';
import type { ItemRef } from './item-ref';

/** A dispatch of items from one party to another; custody passes only on receipt. */
export interface Shipment {
  readonly docType: 'shipment';
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly items: readonly ItemRef[];
  /** True when every item goes back to a party that held it before (a return up the chain). */
  readonly isReturn: boolean;
  /** cancelled: called back by its sender before receipt; its items went back to the sender. */
  readonly status: 'in_transit' | 'received' | 'received_with_discrepancy' | 'cancelled';
  readonly shippedAt: string;
  readonly receivedAt: string | null;
  readonly missing: readonly ItemRef[];
  readonly extra: readonly ItemRef[];
  readonly alertId: string | null;
  readonly lastEvent: HistoryEntry;
}
