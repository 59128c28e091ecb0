/**
 * The business steps an EPCIS event captured from a trading partner's own system may take; each
 * is recorded as the one ledger transaction the platform's own routes use for that step, but an
 * observation, which the ledger keeps without acting on it.
 */
export const CAPTURE_STEPS = [
  'commissioning',
  'packing',
  'unpacking',
  'shipping',
  'receiving',
  'dispensing',
  'decommissioning',
  // An event the ledger records without acting on it (an inspection, a sensor report, …).
  'observation',
] as const;

/** A business step of a captured EPCIS event. */
export type CaptureStep = (typeof CAPTURE_STEPS)[number];

/**
 * The ledger's record that a party captured an EPCIS event, written in the same transaction as
 * what the event did, and keyed by the party and the event's id: a second capture of the same
 * event is refused (`EVENT_ALREADY_CAPTURED`) and changes nothing; another event under the same
 * id is refused (`EVENT_ID_REUSED`).
 */
export interface CapturedEvent {
  readonly docType: 'epcis-capture';
  /** The event's `eventID` as the capturing party sent it. */
  readonly eventId: string;
  readonly step: CaptureStep;
  /** GLN of the capturing party. */
  readonly by: string;
  /** The event's own `eventTime` (when it happened, as the party declared it). */
  readonly eventTime: string;
  /**
   * `sha-256:` and the digest of the event's time, step and arguments as the transaction
   * received them (see `captureContentDigest`), which tells the same event from another under
   * its id. Absent from records written before it was kept.
   */
  readonly contentDigest?: string;
  /** The transaction that recorded it, and its timestamp. */
  readonly txId: string;
  readonly at: string;
}
