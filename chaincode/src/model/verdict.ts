import type { Batch } from './batch';
import type { Product } from './product';
import type { DecommissionReason, ItemStatus } from './tracked-item';

/** Why a pack must not be handed over. */
export const VERDICT_REASON_CODES = [
  'UNKNOWN_PRODUCT',
  'UNKNOWN_BATCH',
  'UNKNOWN_SERIAL',
  'SERIAL_UNDER_OTHER_BATCH',
  'EXPIRY_MISMATCH',
  'PACK_INACTIVE',
  'BATCH_RECALLED',
  'EXPIRED',
  'IN_TRANSIT',
  'NOT_IN_CUSTODY',
  'UNDER_INVESTIGATION',
  'ILLEGITIMATE',
] as const;
export type VerdictReasonCode = (typeof VERDICT_REASON_CODES)[number];

/** One reason, with the EU hub alert it corresponds to where there is one. */
export interface VerdictReason {
  readonly code: VerdictReasonCode;
  readonly message: string;
  readonly euAlert: string | null;
  /** Whether a recorded scan with this reason raises an alert. */
  readonly raisesAlert: boolean;
}

/** The answer to "may I hand this pack over?". */
export interface Verdict {
  readonly verdict: 'AUTHENTIC_ACTIVE' | 'DO_NOT_SUPPLY';
  readonly reasons: readonly VerdictReason[];
  readonly code: {
    readonly gtin: string;
    readonly serial: string;
    readonly lot: string | null;
    readonly expiry: string | null;
  };
  readonly product: Product | null;
  readonly batch: Batch | null;
  readonly pack: {
    readonly status: ItemStatus;
    readonly inactiveReason: DecommissionReason | null;
    readonly inCallersCustody: boolean;
  } | null;
  readonly checkedAt: string;
  readonly checkedBy: string;
}
