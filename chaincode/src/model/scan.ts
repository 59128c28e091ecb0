import type { VerdictReasonCode } from './verdict';

/** A recorded verification: who scanned which code, where and when, and what was found. */
export interface Scan {
  readonly docType: 'scan';
  readonly gtin: string;
  readonly serial: string;
  readonly lot: string | null;
  readonly expiry: string | null;
  readonly by: string;
  readonly role: string;
  readonly at: string;
  readonly txId: string;
  readonly verdict: 'AUTHENTIC_ACTIVE' | 'DO_NOT_SUPPLY';
  readonly reasons: readonly VerdictReasonCode[];
  readonly alertId: string | null;
  /**
   * Present when the scan answered a trading partner's GS1 Lightweight Verification Messaging
   * request (a VRS request) rather than a scan on the platform's own page.
   */
  readonly request?: VerificationRequest;
}

/** What a GS1 Lightweight Verification Messaging requestor sent besides the product identifier. */
export interface VerificationRequest {
  readonly protocol: 'gs1-lightweight-verification';
  /** The request context, e.g. `dscsaSaleableReturn`. */
  readonly context: string;
  /** The requestor's correlation UUID, echoed in the answer. */
  readonly corrUUID: string;
}
