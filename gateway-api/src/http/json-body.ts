import { isUtf8 } from 'node:buffer';
import express from 'express';

/** The body-parser error type of a body that is not UTF-8; `toApiError` answers it. */
export const NOT_UTF8 = 'entity.not.utf8';

/**
 * Parses a JSON body of at most `limit`, refusing bytes that are not UTF-8 instead of letting
 * the decoder replace them with U+FFFD: the ledger must record what was sent, or nothing.
 */
export function jsonBody(limit: string) {
  return express.json({
    limit,
    // EPCIS 2.0 documents come as JSON-LD (application/ld+json) too.
    type: ['application/json', 'application/*+json'],
    verify: (_req, _res, bytes) => {
      if (!isUtf8(bytes)) {
        throw Object.assign(new Error('the body is not UTF-8'), { status: 400, type: NOT_UTF8 });
      }
    },
  });
}
