import type { HistoryEntry } from './history-entry';

/**
 * The serials of one batch that one commissioning transaction recorded in one cell, sorted.
 * Together these records are the commissioning of every pack not yet materialised: such a pack
 * is active, stand-alone and held by `custodian`, and its provenance starts with `entry`.
 */
export interface SerialCellRecord {
  readonly docType: 'serial-cell';
  readonly gtin: string;
  readonly lot: string;
  readonly cell: number;
  /** Sorted by code unit (the order binary search relies on). */
  readonly serials: readonly string[];
  readonly custodian: string;
  readonly entry: HistoryEntry;
}

/** One compact commissioning transaction of a batch: which cells it wrote (for listings). */
export interface CommissioningChunk {
  readonly docType: 'commissioning-chunk';
  readonly gtin: string;
  readonly lot: string;
  readonly txId: string;
  readonly cells: readonly number[];
  readonly count: number;
}
