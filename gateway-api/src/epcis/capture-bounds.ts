import {
  MAX_CHILDREN,
  MAX_SERIALS_PER_CALL,
  MAX_SHIPMENT_ITEMS,
} from '@packtrace/chaincode/client';
import { ApiError } from '../errors/api-error';
import { cbvTerm } from './epcis-identifiers';

/*
 * A captured document's size, bounded by what the ledger accepts before anything costly looks
 * at it (issue 20): one ObjectEvent with 50,000 entries kept the schema check busy for 13-21 s
 * on the event loop. The walk below visits each value once and keeps nothing.
 */

/** The most events one captured document may carry: each is a ledger transaction. */
export const MAX_CAPTURE_EVENTS = 100;

/**
 * The most identifiers one event's `epcList` may name unless it commissions packs: the ledger
 * takes at most this many items in one shipment, receipt, container or decommissioning.
 */
export const MAX_EVENT_ITEMS = Math.max(MAX_SHIPMENT_ITEMS, MAX_CHILDREN);

/**
 * The most identifiers a whole document may name (all `epcList`, `childEPCs` and input and
 * output lists together): as many as one commissioning call takes, the ledger's largest.
 */
export const MAX_DOCUMENT_IDENTIFIERS = MAX_SERIALS_PER_CALL;

/**
 * The most entries of any other list, and members of any object: the ledger acts on none of
 * them (sensor reports, business transactions, sources, extensions, …), and GS1's examples hold
 * a handful.
 */
export const MAX_OTHER_ENTRIES = 1000;

/** The longest string anywhere in a document; the longest the ledger keeps is an `eventID`. */
export const MAX_TEXT_LENGTH = 8192;

/** The deepest nesting of objects and lists; GS1's richest examples nest eight deep. */
export const MAX_DEPTH = 32;

/** The lists of identifiers an event names, which the ledger acts on or could. */
const IDENTIFIER_LISTS = new Set(['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList']);

type Json = Record<string, unknown>;

/** `what` says what is bounded, e.g. "may hold at most 1000 entries". */
function tooLarge(path: string, what: string, limit: number, found: number): ApiError {
  return new ApiError(
    400,
    'LIMIT_EXCEEDED',
    `${path === '' ? 'the document' : path} ${what}, got ${found}; the ledger takes no more, and nothing was recorded`,
    { path: path === '' ? '/' : path, limit, found },
  );
}

function isCommissioning(event: Json): boolean {
  return (
    event['type'] === 'ObjectEvent' &&
    event['action'] === 'ADD' &&
    typeof event['bizStep'] === 'string' &&
    cbvTerm(event['bizStep']) === 'commissioning'
  );
}

/** Where a document lists its events: an EPCISDocument's, or an EPCISQueryDocument's. */
const EVENT_LISTS = new Set([
  '/epcisBody/eventList',
  '/epcisBody/queryResults/resultsBody/eventList',
]);
const EVENT_PATH = /^\/epcisBody(?:\/queryResults\/resultsBody)?\/eventList\/\d+$/;

/** Walks the document; throws at the first bound it crosses. */
class BoundsWalk {
  private identifiers = 0;

  /** `listLimit`: how many entries `value` may hold if it is a list. */
  visit(value: unknown, path: string, depth: number, listLimit: number): void {
    if (typeof value === 'string') {
      if (value.length > MAX_TEXT_LENGTH) {
        throw tooLarge(
          path,
          `may be at most ${MAX_TEXT_LENGTH} characters long`,
          MAX_TEXT_LENGTH,
          value.length,
        );
      }
      return;
    }
    if (value === null || typeof value !== 'object') {
      return;
    }
    if (depth >= MAX_DEPTH) {
      throw tooLarge(path, `may nest at most ${MAX_DEPTH} deep`, MAX_DEPTH, depth + 1);
    }
    if (Array.isArray(value)) {
      if (value.length > listLimit) {
        throw tooLarge(path, `may hold at most ${listLimit} entries`, listLimit, value.length);
      }
      value.forEach((item, index) => {
        this.visit(item, `${path}/${index}`, depth + 1, MAX_OTHER_ENTRIES);
      });
      return;
    }
    const record = value as Json;
    const members = Object.keys(record);
    if (members.length > MAX_OTHER_ENTRIES) {
      throw tooLarge(
        path,
        `may have at most ${MAX_OTHER_ENTRIES} members`,
        MAX_OTHER_ENTRIES,
        members.length,
      );
    }
    const event = EVENT_PATH.test(path);
    for (const member of members) {
      if (member.length > MAX_TEXT_LENGTH) {
        throw tooLarge(
          path,
          `may have member names of at most ${MAX_TEXT_LENGTH} characters`,
          MAX_TEXT_LENGTH,
          member.length,
        );
      }
      const child = record[member];
      const identifiers = event && IDENTIFIER_LISTS.has(member);
      let limit = MAX_OTHER_ENTRIES;
      if (EVENT_LISTS.has(`${path}/${member}`)) {
        limit = MAX_CAPTURE_EVENTS;
      } else if (identifiers) {
        limit =
          member === 'epcList' && isCommissioning(record) ? MAX_SERIALS_PER_CALL : MAX_EVENT_ITEMS;
      }
      this.visit(child, `${path}/${escapePointer(member)}`, depth + 1, limit);
      if (identifiers && Array.isArray(child)) {
        this.identifiers += child.length;
        if (this.identifiers > MAX_DOCUMENT_IDENTIFIERS) {
          throw tooLarge(
            '',
            `may name at most ${MAX_DOCUMENT_IDENTIFIERS} identifiers in all`,
            MAX_DOCUMENT_IDENTIFIERS,
            this.identifiers,
          );
        }
      }
    }
  }
}

function escapePointer(member: string): string {
  return member.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Refuses a captured document larger than the ledger could take (too many events, a list of
 * more identifiers than the ledger accepts in one transaction, more in all than one
 * commissioning call takes, any other list, object, text or nesting out of bounds) with 400
 * `LIMIT_EXCEEDED`, naming where (a JSON pointer), the bound and what was found. Costs one pass
 * over the document; nothing is recorded.
 */
export function checkCaptureBounds(document: unknown): void {
  new BoundsWalk().visit(document, '', 0, MAX_OTHER_ENTRIES);
}
