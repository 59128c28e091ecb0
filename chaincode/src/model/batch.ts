/** A production batch (lot) of one product. */
export interface Batch {
  readonly docType: 'batch';
  readonly gtin: string;
  readonly lot: string;
  /** AI 17 as printed, YYMMDD. */
  readonly expiry: string;
  /** Last day the batch may be supplied, as an ISO date. */
  readonly expiryDate: string;
  readonly manufacturer: string;
  readonly commissionedAt: string;
  readonly status: 'active' | 'recalled';
  readonly recall: Recall | null;
}

/** Why and by whom a batch was recalled. */
export interface Recall {
  readonly by: string;
  readonly role: string;
  readonly at: string;
  readonly reason: string;
  readonly txId: string;
  /**
   * The parties the recall was addressed to, sorted after the recaller and the manufacturer:
   * every party that held packs of the batch in circulation, or had some travelling to it.
   */
  readonly notified: readonly string[];
}
