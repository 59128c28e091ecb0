/**
 * What the last change to a record was. Each version of a record carries one, so the key's
 * history (Fabric's getHistoryForKey) is the record's provenance.
 */
export interface HistoryEntry {
  /** Machine name of the change, e.g. `commissioned`, `shipped`, `received`. */
  readonly action: string;
  readonly txId: string;
  /**
   * The EPCIS event this change was part of, the same id the query and the event stream give it
   * (see `EpcisFields.eventID`). Absent from entries written before ids were stamped: theirs is
   * `platformEventId(txId, 0)`.
   */
  readonly eventId?: string;
  /** Transaction timestamp, ISO 8601 UTC. */
  readonly at: string;
  /** GLN of the party that made the change. */
  readonly by: string;
  /** CBV 2.0 business step. */
  readonly bizStep: string;
  /** CBV 2.0 disposition after the change. */
  readonly disposition: string;
  readonly from?: string;
  readonly to?: string;
  /** The container involved (packing, unpacking) or the shipment. */
  readonly container?: string;
  readonly shipment?: string;
  readonly alert?: string;
  readonly note?: string;
}
