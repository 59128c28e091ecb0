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
}
