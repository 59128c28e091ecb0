import type { CaptureStep } from './epcis-capture';

/** The most events one document captured whole may carry (as a captured document today). */
export const WHOLE_DOCUMENT_MAX_EVENTS = 100;

/**
 * The most identifiers the events of a document captured whole may name together (serials,
 * children, items, packs): as many as one commissioning call takes, the ledger's largest.
 */
export const WHOLE_DOCUMENT_MAX_IDENTIFIERS = 50_000;

/**
 * The most identifiers the events of such a document other than commissioning may name
 * together. Commissioning writes a compact record (a few bytes a serial); every other step
 * writes several records per item it moves, and the whole document is one transaction, which
 * must stay well within the orderer's 10 MB block: twice the largest shipment one event takes.
 */
export const WHOLE_DOCUMENT_MAX_MOVED = 2_000;

/** What became of one event of a document captured whole. */
export interface DocumentEventOutcome {
  /** The event's position in the document, from 0. */
  readonly index: number;
  readonly eventId: string;
  readonly step: CaptureStep;
  /** `already_recorded`: captured before with the same content; nothing changed now. */
  readonly status: 'recorded' | 'already_recorded';
  /** The transaction that recorded it: this one, or the earlier one. */
  readonly txId: string;
}

/** The answer of `epcis:CaptureDocument`: every event recorded in one transaction, or none. */
export interface DocumentCaptureResult {
  readonly txId: string;
  readonly events: readonly DocumentEventOutcome[];
}
