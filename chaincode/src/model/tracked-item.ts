import type { HistoryEntry } from './history-entry';
import type { ItemRef } from './item-ref';

/**
 * active: in circulation. inactive: decommissioned (dispensed, destroyed…). quarantined: under
 * investigation after an alert. illegitimate: confirmed counterfeit or illegitimate by the
 * regulator, out of circulation for good. unpacked: a container that has been dissolved.
 */
export type ItemStatus = 'active' | 'inactive' | 'quarantined' | 'illegitimate' | 'unpacked';

/** Reasons a pack leaves circulation (EU FMD decommissioning reasons). */
export const DECOMMISSION_REASONS = [
  'dispensed',
  'destroyed',
  'stolen',
  'exported',
  'sample',
  'free_sample',
  'locked',
] as const;
export type DecommissionReason = (typeof DECOMMISSION_REASONS)[number];

/** A quarantine: which open alerts hold the item, and the status to return to when cleared. */
export interface Quarantine {
  readonly alertIds: readonly string[];
  readonly previousStatus: ItemStatus;
}

/** What packs and containers share: custody, containment, status and provenance. */
export interface TrackedItem {
  /** GLN of the party holding the item when it is not inside a container. */
  readonly custodian: string;
  /** Shipment the item is travelling in, or null. */
  readonly shipment: string | null;
  /** SSCC of the container holding it, or null when it stands alone. */
  readonly parent: string | null;
  readonly status: ItemStatus;
  readonly quarantine: Quarantine | null;
  /** Every party that has held the item, in order (they may read its provenance). */
  readonly holders: readonly string[];
  readonly lastEvent: HistoryEntry;
}

/** One serialised pack. */
export interface Pack extends TrackedItem {
  readonly docType: 'pack';
  readonly gtin: string;
  readonly serial: string;
  readonly lot: string;
  readonly decommission: Decommission | null;
}

/** A decommissioning, kept so it can be undone within ten days by the same party. */
export interface Decommission {
  readonly reason: DecommissionReason;
  readonly by: string;
  readonly at: string;
  readonly note: string;
  readonly txId: string;
  readonly previousCustodian: string;
}

/** A case or pallet, identified by SSCC. */
export interface Container extends TrackedItem {
  readonly docType: 'container';
  readonly sscc: string;
  readonly kind: 'case' | 'pallet';
  readonly children: readonly ItemRef[];
  /** The batches inside, as `gtin/lot`, so shipping can check recalls without opening it. */
  readonly batches: readonly string[];
  /** How many packs inside are quarantined or illegitimate; a container with any cannot move. */
  readonly heldPacks: number;
}
