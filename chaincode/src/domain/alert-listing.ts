import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import type { AlertStatus } from '../model/alert';

/** Whose alerts a listing is about. */
export const ALERT_SCOPES = ['all', 'raised', 'stock', 'product'] as const;
export type AlertScope = (typeof ALERT_SCOPES)[number];

/** A listing asked for, its arguments checked. */
export interface AlertQuery {
  /**
   * all (the regulator's), raised (by the caller's party), stock (the caller's stock), product
   * (packs of the caller's products, for their manufacturer).
   */
  readonly scope: AlertScope;
  /** Undefined: every status. */
  readonly status: AlertStatus | undefined;
  /** The raising party's GLN (scope all only). */
  readonly reporter: string | undefined;
  /** A reason code (scope all only). */
  readonly code: string | undefined;
}

/** The index a listing pages through: every entry under the prefix is an answer. */
export interface AlertIndexRange {
  readonly objectType: string;
  readonly attributes: string[];
}

/**
 * Where a listing's answers are, as one key prefix, so that filters are applied by the index and
 * never to a page after it is read: a page is short only when it is the last.
 */
export function alertIndexRange(query: AlertQuery, callerGln: string): AlertIndexRange {
  const { scope, status, reporter, code } = query;
  if (scope !== 'all' && (reporter !== undefined || code !== undefined)) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      'reporter and code filter the regulator’s list of all alerts (scope all)',
    );
  }
  if (scope === 'raised') {
    return status === undefined
      ? { objectType: 'alert-raiser', attributes: [callerGln] }
      : { objectType: 'alert-status-raiser', attributes: [status, callerGln] };
  }
  if (scope === 'product') {
    if (status !== undefined) {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        'alerts about a manufacturer’s products are listed in every status at once',
      );
    }
    return { objectType: 'alert-manufacturer', attributes: [callerGln] };
  }
  if (scope === 'stock') {
    return status === undefined
      ? { objectType: 'alert-holder', attributes: [callerGln] }
      : { objectType: 'alert-status-holder', attributes: [status, callerGln] };
  }
  // The regulator's list is of one status at a time: open unless it asks for another.
  const wanted = status ?? 'open';
  if (code !== undefined) {
    return {
      objectType: 'alert-status-code',
      attributes: [wanted, code, ...(reporter === undefined ? [] : [reporter])],
    };
  }
  if (reporter !== undefined) {
    return { objectType: 'alert-status-raiser', attributes: [wanted, reporter] };
  }
  return { objectType: 'alert-status', attributes: [wanted] };
}
