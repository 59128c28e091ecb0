/** An EPCIS 2.0 quantity element: a class of objects, and how much of it when known. */
export interface EpcisQuantity {
  readonly epcClass: string;
  readonly quantity?: number;
  /** A UN/CEFACT unit code (`KGM`, `LTR`); absent for a count of items. */
  readonly uom?: string;
}

/**
 * The fields an EPCIS 2.0 event needs, carried in the chaincode event so the gateway can stream
 * and export events without re-reading the ledger. Identifiers are GS1 Digital Link URIs.
 */
export interface EpcisFields {
  /**
   * The event's one id in every view (query, stream, export): a captured event's own, otherwise
   * `urn:uuid:` and the RFC 9562 version 5 UUID of `<txId>:<index>` (domain/event-ids.ts). The
   * chaincode stamps it as the transaction completes; absent from events emitted before.
   */
  readonly eventID?: string;
  /**
   * The time a captured event declared, when one transaction recorded several (a document
   * captured whole); otherwise absent and `captured` carries it.
   */
  readonly eventTime?: string;
  /**
   * The parties this one event concerns, when the ledger event carries several captured events
   * (a document captured whole, whose audience is all of theirs); otherwise absent and the
   * ledger event's `parties` are this event's.
   */
  readonly parties?: readonly string[];
  readonly eventType:
    | 'ObjectEvent'
    | 'AggregationEvent'
    | 'TransactionEvent'
    | 'TransformationEvent'
    | 'AssociationEvent';
  /** Absent from a TransformationEvent alone, which EPCIS gives no action. */
  readonly action?: 'ADD' | 'OBSERVE' | 'DELETE';
  readonly bizStep: string;
  readonly disposition: string;
  readonly epcList?: readonly string[];
  readonly quantityList?: readonly EpcisQuantity[];
  readonly parentID?: string;
  readonly childEPCs?: readonly string[];
  readonly childQuantityList?: readonly EpcisQuantity[];
  /** A TransformationEvent's inputs and outputs (recorded as an observation). */
  readonly inputEPCList?: readonly string[];
  readonly outputEPCList?: readonly string[];
  readonly inputQuantityList?: readonly EpcisQuantity[];
  readonly outputQuantityList?: readonly EpcisQuantity[];
  readonly transformationID?: string;
  readonly readPoint: string;
  readonly bizLocation?: string;
  readonly sourceList?: ReadonlyArray<{ readonly type: string; readonly source: string }>;
  readonly destinationList?: ReadonlyArray<{ readonly type: string; readonly destination: string }>;
}

/** The one business event a transaction emits (as the chaincode event named `type`). */
export interface LedgerEvent {
  /** e.g. PacksCommissioned, ShipmentDispatched, AlertRaised. */
  readonly type: string;
  readonly txId: string;
  readonly eventTime: string;
  /** GLN of the party that acted. */
  readonly by: string;
  /** GLNs of the parties this event concerns (for delivering it only to them). */
  readonly parties: readonly string[];
  /** Present for events that change the state of physical items. */
  readonly epcis: readonly EpcisFields[];
  /** Record ids the event touched, e.g. alert or shipment id. */
  readonly subject: Readonly<Record<string, string>>;
  /**
   * Present when the transaction recorded an EPCIS event captured from the party's own system:
   * that event's id and the time it declared, which queries answer with.
   */
  readonly captured?: { readonly eventId: string; readonly eventTime: string };
}
