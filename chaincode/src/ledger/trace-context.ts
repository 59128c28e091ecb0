import { Context } from 'fabric-contract-api';
import type { LedgerEvent } from '../model/ledger-event';

/**
 * The per-transaction context. It carries what one transaction accumulates (its business event)
 * so that nothing is kept on the contract instance, which Fabric shares between transactions.
 */
export class TraceContext extends Context {
  /** The business event this transaction emits when it completes; at most one per transaction. */
  pendingEvent: LedgerEvent | undefined;
  /**
   * Parties the transaction's event must reach besides those its transaction names: the holders
   * of stock an alert of this transaction concerns.
   */
  readonly extraAudience = new Set<string>();
  /**
   * The id of the EPCIS event a partner's system sent, while `epcis:CaptureEvent` records it:
   * the records the capture changes carry that id, not one the ledger makes up.
   */
  capturedEventId: string | undefined;
  /** Event ids this transaction stamped, with the party that acted (recorded as their origin). */
  readonly stampedEventIds = new Map<string, string>();
}
