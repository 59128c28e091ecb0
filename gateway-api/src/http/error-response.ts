import { ApiError } from '../errors/api-error';
import { LEDGER_STATUS } from '../errors/ledger-status';
import { LedgerFailure } from '@packtrace/ledger';
import { NOT_UTF8 } from './json-body';

/**
 * Turns anything thrown while serving a request into the API's error shape. Chaincode codes map
 * through LEDGER_STATUS; internal errors say nothing of their cause (it is logged instead).
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) {
    return error;
  }
  if (error instanceof LedgerFailure) {
    switch (error.kind) {
      case 'refused': {
        const body = error.body;
        if (body !== undefined) {
          return new ApiError(LEDGER_STATUS[body.code], body.code, body.message, body.details);
        }
        break;
      }
      case 'identity_rejected':
        return new ApiError(
          403,
          'IDENTITY_REJECTED',
          'the ledger does not accept this user’s certificate',
        );
      case 'conflict':
        return new ApiError(
          409,
          'CONFLICT',
          'the records changed concurrently too often; retry the request',
        );
      case 'unavailable':
        return new ApiError(
          503,
          'LEDGER_UNAVAILABLE',
          'the ledger cannot be reached; try again shortly',
        );
      case 'outcome_unknown':
        return new ApiError(
          504,
          'OUTCOME_UNKNOWN',
          'the ledger received the transaction but did not confirm whether it committed; retry with the same Idempotency-Key',
          error.txId === undefined ? undefined : { txId: error.txId },
        );
      case 'internal':
        break;
    }
  }
  const status = (error as { status?: unknown; type?: unknown }).status;
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.too.large') {
    return new ApiError(
      413,
      'BODY_TOO_LARGE',
      'the request body is larger than this endpoint accepts',
    );
  }
  if (type === NOT_UTF8) {
    return new ApiError(
      400,
      'VALIDATION_FAILED',
      'the request body is not well-formed UTF-8; send JSON encoded as UTF-8',
    );
  }
  if (type === 'entity.parse.failed') {
    return new ApiError(400, 'MALFORMED_JSON', 'the request body is not valid JSON');
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(status, 'BAD_REQUEST', 'the request could not be read');
  }
  return new ApiError(500, 'INTERNAL', 'something went wrong on our side; it has been logged');
}
