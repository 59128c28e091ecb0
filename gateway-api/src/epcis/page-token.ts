import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { canonicalJson } from '@packtrace/chaincode/client';
import type { EventCursor } from '@packtrace/ledger';
import { ApiError } from '../errors/api-error';

/*
 * EPCIS query page tokens are the gateway's own (issue 20): a token names where the next page
 * starts and the block the query's snapshot ends at, and carries an HMAC over those, the caller
 * and the query's filter. A token someone wrote, altered, or took from another user or another
 * query is refused at once, before the ledger is read, so no token can make a query wait for
 * blocks that do not exist.
 */

/** Where the next page starts, and the block the first page stopped at (one snapshot). */
export type PageToken = LogPosition | ResultPosition;

/**
 * A page of the log walk in commit order: it starts after the ledger event `after` (at the log's
 * start when absent), leaving out the first `skip` matching events of the next one, which the
 * page before gave (one transaction may carry more events than a page holds).
 */
export interface LogPosition {
  readonly after?: EventCursor;
  readonly skip?: number;
  readonly endBlock: number;
}

/**
 * A page of an answer gathered whole before it is paged (ordered, or counted against
 * `maxEventCount`): it starts at `offset` of the answer the same snapshot gives.
 */
export interface ResultPosition {
  readonly offset: number;
  readonly endBlock: number;
}

/** What a token is bound to besides its position: who asked, and what. */
export interface PageTokenScope {
  readonly username: string;
  /** The query's filter, compared as canonical JSON. */
  readonly filter: object;
}

const TOKEN =
  /^(?:([0-9]{1,15})\.([0-9a-f]{64})|s)\.([0-9]{1,15})(?:\.k([0-9]{1,6}))?\.([A-Za-z0-9_-]{43})$/;
const RESULT_TOKEN = /^o([0-9]{1,9})\.([0-9]{1,15})\.([A-Za-z0-9_-]{43})$/;

/** What HKDF derives the page-token key for, so it is never the bearer-token key itself. */
const KEY_PURPOSE = 'packtrace epcis nextPageToken v1';

/**
 * The page-token key derived (HKDF-SHA-256) from the gateway's bearer-token key file: every
 * replica that shares that file, as replicas must for sign-ins, checks the others' tokens, and
 * tokens survive a restart. Never the bearer-token key itself.
 */
export async function pageTokenKeyFrom(tokenKeyFile: string): Promise<Buffer> {
  const secret = Buffer.from(await readFile(tokenKeyFile, 'utf8'), 'base64');
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), KEY_PURPOSE, 32));
}

function position(token: PageToken): string {
  if ('offset' in token) {
    return `o${token.offset}.${token.endBlock}`;
  }
  const from =
    token.after === undefined ? 's' : `${token.after.blockNumber}.${token.after.transactionId}`;
  const skip = token.skip === undefined || token.skip === 0 ? '' : `.k${token.skip}`;
  return `${from}.${token.endBlock}${skip}`;
}

function mac(key: Uint8Array, scope: PageTokenScope, at: string): Buffer {
  return createHmac('sha256', key)
    .update(`${KEY_PURPOSE}\n${scope.username}\n${canonicalJson(scope.filter)}\n${at}`, 'utf8')
    .digest();
}

/** A token for `scope` to resume at `token`. */
export function signPageToken(key: Uint8Array, scope: PageTokenScope, token: PageToken): string {
  const at = position(token);
  return `${at}.${mac(key, scope, at).toString('base64url')}`;
}

const INVALID = (reason: string) =>
  new ApiError(
    400,
    'PAGE_TOKEN_INVALID',
    `nextPageToken ${reason}: send the token the previous page of this same query gave you, or leave it out to start again`,
  );

/**
 * The position a token names, when it is one this gateway gave `scope`, and it names blocks the
 * ledger has (`height`); refused with 400 `PAGE_TOKEN_INVALID` otherwise.
 */
export function readPageToken(
  key: Uint8Array,
  scope: PageTokenScope,
  text: string,
  height: number,
): PageToken {
  const result = RESULT_TOKEN.exec(text);
  const match = TOKEN.exec(text);
  if (match === null && result === null) {
    throw INVALID('is not a page token');
  }
  const skip = Number(match?.[4] ?? '0');
  const token: PageToken =
    result !== null
      ? { offset: Number(result[1] ?? ''), endBlock: Number(result[2] ?? '') }
      : {
          ...(match?.[1] === undefined
            ? {}
            : { after: { blockNumber: Number(match[1]), transactionId: match[2] ?? '' } }),
          ...(skip === 0 ? {} : { skip }),
          endBlock: Number(match?.[3] ?? ''),
        };
  const signature = (result === null ? match?.[5] : result[3]) ?? '';
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, scope, position(token));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw INVALID('was not given to you for this query');
  }
  if (
    token.endBlock > height ||
    ('after' in token && token.after !== undefined && token.after.blockNumber >= token.endBlock)
  ) {
    throw INVALID('names blocks this ledger does not have');
  }
  return token;
}
