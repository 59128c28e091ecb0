import type { ProvenanceEntry } from '../domain/provenance';

/** Why a trace request is made (DSCSA 582: suspect or illegitimate product, a recall, an audit). */
export const TRACE_REASONS = ['suspect', 'illegitimate', 'recall', 'audit'] as const;
export type TraceReason = (typeof TRACE_REASONS)[number];

/** The reasons a trading partner may give: it asks only while investigating product it handled. */
export const PARTNER_TRACE_REASONS: readonly TraceReason[] = ['suspect', 'illegitimate'];

/** What a trace request asks about: one pack, or one lot (the regulator's). */
export type TraceSubject =
  | { readonly kind: 'pack'; readonly gtin: string; readonly serial: string }
  | { readonly kind: 'lot'; readonly gtin: string; readonly lot: string };

/** Which rule set the due time: one business day, or the law's 48-hour outer limit if sooner. */
export type TraceDueRule = 'one-business-day' | 'outer-limit-48h';

/** How a request was answered: by whom, when, and whether by its due time. */
export interface TraceAnswerTiming {
  readonly answeredAt: string;
  readonly answeredBy: string;
  readonly onTime: boolean;
  readonly txId: string;
}

/**
 * A request for a product's transaction history ("all known owners"), addressed to the product's
 * manufacturer, with its clock. Its id is the id of the transaction that recorded it.
 */
export interface TraceRequest {
  readonly docType: 'trace-request';
  readonly id: string;
  readonly subject: TraceSubject;
  readonly reason: TraceReason;
  /** The requester's own incident or case number. */
  readonly incident: string;
  /** A drill or system test: recorded and answered like any other, marked so nobody acts on it. */
  readonly test: boolean;
  readonly requestedBy: string;
  readonly requesterRole: 'regulator' | 'manufacturer' | 'distributor' | 'pharmacy';
  /** GLN of the party that must answer: the manufacturer of the product. */
  readonly addressee: string;
  readonly requestedAt: string;
  readonly dueAt: string;
  readonly dueRule: TraceDueRule;
  readonly status: 'open' | 'answered';
  readonly answer: TraceAnswerTiming | null;
}

/** A trace request as a listing shows it: with whether it is overdue at the listing's `asOf`. */
export interface ListedTraceRequest extends TraceRequest {
  readonly overdue: boolean;
}

/** One pack's transactions in an answer, oldest first. */
export interface TracedPack {
  readonly gtin: string;
  readonly serial: string;
  readonly lot: string;
  readonly events: readonly ProvenanceEntry[];
}

/**
 * The answer to a trace request: the transactions of the pack (or of each pack of the lot) up to
 * the moment the request was answered, as the reader may see them, and every owner they name.
 */
export interface TraceAnswer {
  readonly request: TraceRequest;
  /** `full` for the regulator; `partner` (custody transactions only, no scans or notes) otherwise. */
  readonly view: 'full' | 'partner';
  /**
   * Every party this page's transactions name as actor, sender or receiver, in order of
   * appearance (a lot's owners are those of all its pages together).
   */
  readonly owners: readonly string[];
  readonly packs: readonly TracedPack[];
  /** False while a lot has packs on further pages. */
  readonly complete: boolean;
  /** Where the next page of a lot's packs starts; empty on the last page (and for a pack). */
  readonly bookmark: string;
}

/** Most packs of a lot one page of an answer carries. */
export const MAX_TRACE_LOT_PACKS = 200;

/**
 * Packs of a lot on a page when no page size is given. Each pack's provenance is read when the
 * page is (five to eight reads each): a page of 200 took more than the 5 s evaluation deadline on
 * a loaded Fabric network (2026-12-08), a page of 50 a quarter of that.
 */
export const DEFAULT_TRACE_LOT_PACKS = 50;
