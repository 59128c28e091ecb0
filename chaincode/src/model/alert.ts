import type {
  CaseState,
  CaseTimelineEntry,
  RootCause,
  CaseVerificationRequest,
} from './alert-case';
import type { ItemRef } from './item-ref';

/** Why an alert was raised. */
export type AlertKind = 'scan' | 'flag' | 'shipment_discrepancy';

/**
 * The alert's outcome as clients before alert cases knew it: open while its case is not closed,
 * then confirmed (closed as suspected or confirmed falsification: its items leave circulation)
 * or cleared (any other root cause: they return). Its case state is `state`.
 */
export const ALERT_STATUSES = ['open', 'confirmed', 'cleared'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** A suspicion to be investigated by the regulator. */
export interface Alert {
  readonly docType: 'alert';
  readonly id: string;
  readonly kind: AlertKind;
  /** Verdict reason codes (for scans) or discrepancy codes (MISSING_ITEMS, EXTRA_ITEMS). */
  readonly reasons: readonly string[];
  readonly note: string;
  readonly raisedBy: string;
  readonly raisedAt: string;
  readonly txId: string;
  /** The items concerned. */
  readonly items: readonly ItemRef[];
  /** The items this alert put in quarantine. */
  readonly quarantined: readonly ItemRef[];
  /**
   * The parties whose stock the alert concerns when it is raised: each item's custodian, and
   * the party it is travelling to. They are told at once and may read the alert.
   */
  readonly custodians: readonly string[];
  readonly shipmentId: string | null;
  readonly status: AlertStatus;
  readonly resolution: AlertResolution | null;
  /** Where its case stands (alerts recorded before cases: `new` while open, else `closed`). */
  readonly state: CaseState;
  /** Why its case was closed; null while open, and for closures without one (ResolveAlert). */
  readonly rootCause: RootCause | null;
  /** The manufacturers of its packs' products (the owners of their GTINs' company prefixes). */
  readonly manufacturers: readonly string[];
  /** Every step taken on its case, oldest first. */
  readonly timeline: readonly CaseTimelineEntry[];
  /** The investigation's requests to verify more packs of the lot, with their results. */
  readonly verificationRequests: readonly CaseVerificationRequest[];
}

/** The regulator's decision. */
export interface AlertResolution {
  readonly outcome: 'confirmed' | 'cleared';
  readonly by: string;
  readonly at: string;
  readonly note: string;
  readonly txId: string;
}

/**
 * One line of the regulator's grouping of open alerts: how many a party has open for one reason
 * code. Kept as alerts open and close (an alert with several reasons counts in each of them).
 */
export interface OpenAlertCount {
  readonly raisedBy: string;
  readonly code: string;
  readonly open: number;
}
