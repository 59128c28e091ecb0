/** What a bulk job does to each pack of its list. */
export const BULK_OPERATIONS = ['verify', 'dispense', 'decommission'] as const;
export type BulkOperation = (typeof BULK_OPERATIONS)[number];

/** A pack a bulk job names. */
export interface BulkPack {
  readonly gtin: string;
  readonly serial: string;
}

/**
 * One pack's result: `done` (verified authentic and active, or taken out of circulation),
 * `refused` (a verdict not to supply it, or the ledger refused it: `code` and `message` say why),
 * or `not_done` (not sent yet, or its transaction could not be sent).
 */
export interface BulkPackResult extends BulkPack {
  readonly outcome: 'done' | 'refused' | 'not_done';
  readonly code: string | null;
  readonly message: string | null;
  /** Every verdict reason, for a verification. */
  readonly reasons: readonly string[];
}

/** A bulk job's state, as clients read it. */
export interface BulkJob {
  readonly id: string;
  readonly username: string;
  readonly operation: BulkOperation;
  /** The decommissioning reason (`dispensed` for a dispense job), null for a verification. */
  readonly reason: string | null;
  readonly note: string;
  readonly total: number;
  readonly chunkSize: number;
  readonly chunks: number;
  readonly doneChunks: number;
  /** Packs whose chunk has been sent and answered: the job's progress (done of total). */
  readonly done: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly status: 'running' | 'completed' | 'failed' | 'stopped';
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}
