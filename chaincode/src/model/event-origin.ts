/**
 * Which party recorded an EPCIS event, by its id: written for every event id a transaction
 * stamps, so an error can later be declared on the event by the one party allowed to.
 */
export interface EventOrigin {
  readonly docType: 'event-origin';
  readonly eventId: string;
  /** GLN of the party that acted in the transaction that recorded the event. */
  readonly by: string;
  /** The transaction that recorded it, and its timestamp. */
  readonly txId: string;
  readonly at: string;
}
