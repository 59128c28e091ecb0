import { ApiError } from './api-error';

/**
 * The most issues one refusal lists. A body of a million bad serials is one mistake repeated;
 * listing each made a 115 MB reply. The total says how many there were.
 */
export const MAX_ISSUES_LISTED = 20;

/** One reason a request was refused, as `VALIDATION_FAILED` lists it. */
export interface ValidationIssue {
  /** The part of the request at fault: `path`, `query` or `body`. */
  readonly where: string;
  /** Dotted path to the field, e.g. `serials.12`. */
  readonly path: string;
  readonly message: string;
  readonly [detail: string]: unknown;
}

/**
 * The refusal of a request whose `where` is not valid: the first {@link MAX_ISSUES_LISTED}
 * issues, and their total (which may be larger than those given).
 */
export function validationFailure(
  where: string,
  issues: readonly ValidationIssue[],
  total = issues.length,
): ApiError {
  return new ApiError(400, 'VALIDATION_FAILED', `the request ${where} is not valid`, {
    issues: issues.slice(0, MAX_ISSUES_LISTED),
    totalIssues: total,
  });
}
