import { isDeepStrictEqual } from 'node:util';
import { ApiError } from '../errors/api-error';
import type { RouteDefinition } from './route-definition';

/**
 * Checks an answer against the schema its route declares for its status, as the test gateways
 * do for every JSON answer: a declared schema that does not describe what is sent (a missing or
 * mistyped field, a field it does not name, an undeclared status) is an error, so the OpenAPI
 * document, and every client generated from it, cannot silently drift from the answers.
 *
 * @returns the error to answer instead, or undefined when the answer matches
 */
export function responseMismatch(
  definition: RouteDefinition,
  status: number,
  body: unknown,
): ApiError | undefined {
  const schema =
    status === (definition.status ?? 200)
      ? definition.response
      : definition.otherResponses?.[status as keyof typeof definition.otherResponses];
  const where = `${definition.method.toUpperCase()} ${definition.path}`;
  if (schema === undefined) {
    return new ApiError(
      500,
      'RESPONSE_MISMATCH',
      `${where} answered ${status}, a status it does not declare`,
    );
  }
  // As the client receives it; a schema strips the fields it does not name, so a parse that
  // differs from the answer names a field the schema leaves out.
  const sent: unknown = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
  const parsed = schema.safeParse(sent);
  if (!parsed.success) {
    return new ApiError(
      500,
      'RESPONSE_MISMATCH',
      `${where} answered ${status} with a body its schema refuses`,
      parsed.error.issues.slice(0, 5).map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      })),
    );
  }
  if (!isDeepStrictEqual(parsed.data, sent)) {
    return new ApiError(
      500,
      'RESPONSE_MISMATCH',
      `${where} answered ${status} with fields its schema does not declare`,
      { sent, declared: parsed.data },
    );
  }
  return undefined;
}
