import type { HistoryEntry } from './history-entry';
import type { ItemRef } from './item-ref';

/** Every status a shipment can have, in the order a shipment goes through them. */
export const SHIPMENT_STATUSES = [
  'in_transit',
  'partially_received',
  'received',
  'received_with_discrepancy',
  'cancelled',
] as const;

export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** A dispatch of items from one party to another; custody passes only on receipt. */
export interface Shipment {
  readonly docType: 'shipment';
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly items: readonly ItemRef[];
  /** True when every item goes back to a party that held it before (a return up the chain). */
  readonly isReturn: boolean;
  /**
   * partially_received: some items were received item by item (EPCIS receiving events) and the
   * shipment stays open for the rest until its receiver or the regulator closes it, or the last
   * item arrives. cancelled: called back by its sender before receipt; its items went back to
   * the sender.
   */
  readonly status: ShipmentStatus;
  readonly shippedAt: string;
  /** When the shipment was closed (received whole, or closed after partial receipts). */
  readonly receivedAt: string | null;
  /**
   * The shipment's items received so far by partial receipts, in the order received. Absent on
   * shipments no partial receipt has touched (and on those written before partial receipts).
   */
  readonly received?: readonly ItemRef[];
  readonly missing: readonly ItemRef[];
  readonly extra: readonly ItemRef[];
  readonly alertId: string | null;
  readonly lastEvent: HistoryEntry;
}
