/**
 * Most serials one CommissionPacks call may carry; larger batches arrive in several calls. With
 * the compact record a 50,000-serial call is about 0.65 MB of argument and 0.67 MB of writes, so
 * a 10 MB block holds several (docs/benchmarks.md, issue 15).
 */
export const MAX_SERIALS_PER_CALL = 50_000;

/** Most items (packs or containers) one shipment may list. */
export const MAX_SHIPMENT_ITEMS = 1000;

/** Most items one container may hold directly. */
export const MAX_CHILDREN = 1000;

/** How long a decommissioning may be undone (EU Delegated Regulation 2016/161, Art. 13). */
export const UNDO_WINDOW_DAYS = 10;

/**
 * Most open flags of unknown serials one party may have: beyond it, its flags of codes the ledger
 * does not know are refused until the regulator resolves some. Flags of known packs, and scans,
 * are never refused by it (docs/decisions.md, "A ledger bound on flags of unknown serials").
 */
export const MAX_OPEN_UNKNOWN_FLAGS = 20;

/**
 * Most items one receipt may list that are neither its shipment's (nor inside a container the
 * shipment carried) nor the receiver's own stock: other parties' packs, or codes the ledger does
 * not know. The receipt names them in its alert and changes none of them; beyond this it is
 * refused, so one receipt cannot fill the ledger with claims about others' stock (issue 20).
 */
export const MAX_FOREIGN_ITEMS_PER_RECEIPT = 100;

/**
 * How far a captured EPCIS event's `eventTime` may lie after its transaction's time, in minutes:
 * a partner's clock may run somewhat fast, but an event cannot have happened later than it was
 * recorded by more than that drift.
 */
export const EVENT_TIME_MAX_AHEAD_MINUTES = 60;

/**
 * How far a captured EPCIS event's `eventTime` may lie before its transaction's time, in days:
 * a partner back-filling a year of records (a leap year included) may, but a time decades or
 * centuries away is a mistake or an attempt to reorder a pack's history.
 */
export const EVENT_TIME_MAX_BEHIND_DAYS = 366;
