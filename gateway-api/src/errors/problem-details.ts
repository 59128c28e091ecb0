import type { ApiError } from './api-error';

/*
 * EPCIS 2.0's REST binding answers errors as RFC 7807 problem details whose `type` is one of its
 * `epcisException:…` names. The API's own error (a stable code, a sentence, details) maps onto
 * one: `detail` is the sentence, and `code` and `details` stay as extension members, so a client
 * of the rest of the API reads an EPCIS refusal the same way.
 */

/** The media type of a problem details answer (RFC 7807). */
export const PROBLEM_JSON = 'application/problem+json';

/** A problem details answer of the EPCIS routes. */
export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The API's stable code (e.g. `PAGE_TOKEN_INVALID`), as in every other error answer. */
  readonly code: string;
  readonly details?: unknown;
}

/**
 * The binding's exception types, with the title its examples give them. The type of each status
 * is the one the binding's response schema for that status enumerates (a client validating
 * answers against those schemas refuses any other), also where its example says otherwise: 404 is
 * NoSuchNameException, as the schema enumerates, not the example's NoSuchResourceException. Titles
 * are the examples' to the letter, but for QueryTooLargeException, whose only example carries
 * capture's title.
 */
const EXCEPTIONS = {
  QueryParameterException: 'Invalid query parameter',
  ValidationException: 'Validation failed',
  SecurityException: 'Access to resource forbidden',
  NoSuchNameException: 'Resource not found',
  NotAcceptableException: 'Conflicting request and response headers',
  ResourceAlreadyExistsException: 'A resource with the provided identifier already exists.',
  CaptureLimitExceededException: 'Capture Payload too large',
  QueryTooLargeException: 'Query result is too large',
  URITooLongException: 'URI Too Long',
  UnsupportedMediaTypeException: 'Unsupported Media Type',
  ImplementationException: 'A server-side error occurred',
} as const;
type Exception = keyof typeof EXCEPTIONS;

/** Codes whose exception is not the one their status gives. */
const BY_CODE: Readonly<Record<string, Exception>> = {
  PAGE_TOKEN_INVALID: 'QueryParameterException',
  QUERY_TOO_LARGE: 'QueryTooLargeException',
};

/** Whether every issue of a VALIDATION_FAILED refusal is in the query string or the path. */
function inQuery(error: ApiError): boolean {
  const issues = (error.details as { issues?: { where?: unknown }[] } | undefined)?.issues;
  return (
    Array.isArray(issues) &&
    issues.length > 0 &&
    issues.every((issue) => issue.where === 'query' || issue.where === 'path')
  );
}

function exceptionOf(error: ApiError): Exception | undefined {
  const named = BY_CODE[error.code];
  if (named !== undefined) {
    return named;
  }
  switch (error.status) {
    case 400:
      return error.code === 'VALIDATION_FAILED' && inQuery(error)
        ? 'QueryParameterException'
        : 'ValidationException';
    case 401:
    case 403:
      return 'SecurityException';
    case 404:
      return 'NoSuchNameException';
    case 406:
      return 'NotAcceptableException';
    case 409:
      return 'ResourceAlreadyExistsException';
    case 413:
      return 'CaptureLimitExceededException';
    case 414:
      return 'URITooLongException';
    case 415:
      return 'UnsupportedMediaTypeException';
    default:
      return error.status >= 500 ? 'ImplementationException' : undefined;
  }
}

/** Titles the binding's examples give by status rather than by exception. */
const TITLES_BY_STATUS: Readonly<Record<number, string>> = {
  401: 'Unauthorised request',
  501: 'Functionality not supported by server',
};

/** The HTTP reason phrases of the statuses the binding gives no exception (RFC 9110). */
const REASONS: Readonly<Record<number, string>> = {
  405: 'Method Not Allowed',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
};

/**
 * The problem details of an API error on an EPCIS route: the binding's exception type where it
 * names one for the status (or the code), `about:blank` with the status's reason otherwise
 * (RFC 7807 §4.2).
 */
export function problemOf(error: ApiError): ProblemBody {
  const exception = exceptionOf(error);
  return {
    type: exception === undefined ? 'about:blank' : `epcisException:${exception}`,
    title:
      exception === undefined
        ? (REASONS[error.status] ?? 'Error')
        : (TITLES_BY_STATUS[error.status] ?? EXCEPTIONS[exception]),
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(error.details === undefined ? {} : { details: error.details }),
  };
}
