/**
 * An EPCIS 2.0 error declaration as the standard's `errorDeclaration` member carries it: the
 * event it is attached to is asserted to be in error from `declarationTime` on.
 */
export interface ErrorDeclaration {
  /** When the error was declared, ISO 8601 with a time zone. */
  readonly declarationTime: string;
  /**
   * CBV 2.0 error reason (`did_not_occur`, `incorrect_data`, or a URI of the declarer's own);
   * absent when none was given.
   */
  readonly reason?: string;
  /** The events that correct the erroneous one (possibly none). */
  readonly correctiveEventIDs: readonly string[];
}

/**
 * The ledger's record of an error declared on one recorded event, keyed by the event id's
 * SHA-256 and the party that recorded the event (only that party may declare it in error).
 */
export interface EventErrorDeclaration extends ErrorDeclaration {
  readonly docType: 'event-error-declaration';
  /** The id of the event declared in error. */
  readonly eventId: string;
  /** GLN of the party that declared it (the party that recorded the event). */
  readonly by: string;
  /** The transaction that recorded the declaration, and its timestamp. */
  readonly txId: string;
  readonly at: string;
}
