import type { ProvenanceEntry } from '../domain/provenance';
import type { OpenAlertCount } from './alert';
import type { Batch } from './batch';
import type { VerificationRequest } from './scan';
import type { Pack } from './tracked-item';
import type { Verdict } from './verdict';

/*
 * What the transactions that return more than one record return. The contracts check their
 * results against these (`satisfies`), and the gateway's response schemas are checked against
 * them at compile time, so the API documents exactly what the chaincode sends.
 */

/** Who holds an item and whether it travels: decided by its outermost container. */
export interface Custody {
  readonly custodian: string;
  readonly shipment: string | null;
}

/** GetPack: a pack's record, its effective custody and the containers around it, innermost first. */
export interface PackView {
  readonly pack: Pack;
  readonly custody: Custody;
  readonly containers: readonly string[];
}

/** GetPackHistory: a pack and its provenance, oldest first. */
export interface PackHistory {
  readonly pack: Pack;
  readonly events: readonly ProvenanceEntry[];
}

/** CommissionPacks: the batch, and how many of the serials were new or already recorded. */
export interface CommissionResult {
  readonly batch: Batch;
  readonly created: number;
  readonly alreadyPresent: number;
}

/**
 * RecordScan and RecordVerificationRequest: the verdict, and the recorded verification (its
 * transaction, the alert it raised, and the partner's request when it answered one).
 */
export interface RecordedVerdict extends Verdict {
  readonly scan: {
    readonly txId: string;
    readonly alertId: string | null;
    readonly request?: VerificationRequest;
  };
}

/** AlertSummary: how many alerts were raised, and how many are in each status. */
export interface AlertCounts {
  readonly raised: number;
  readonly open: number;
  readonly confirmed: number;
  readonly cleared: number;
}

/** AlertGroups: the open alerts by raising party and reason code, largest group first. */
export interface AlertGroups {
  readonly items: readonly OpenAlertCount[];
  readonly count: number;
}
