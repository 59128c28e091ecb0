import createClient from 'openapi-fetch';
import type { paths } from './openapi-types';

/** A failed API call, as the page explains it. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** True when the server could not be reached at all. */
    readonly network: boolean,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'packtrace.token';

/** The signed-in session, kept for the tab only (sessionStorage). */
export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

/**
 * The gateway API, typed by the client generated from its OpenAPI document (openapi-types.ts,
 * `npm run generate:api-client`): paths, methods, parameters, bodies and answers all come from
 * it, so `npm run typecheck` checks every call the page makes against what the gateway declares.
 * Call it as `ok(client.GET('/api/v1/me'))`.
 */
export const client = createClient<paths>({ baseUrl: '' });
client.use({
  onRequest({ request }) {
    const token = session.token();
    if (token !== null) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
});

/** The answer of a generated client's call, or an ApiFailure explaining why there is none. */
export async function ok<Data>(
  call: Promise<{ data?: Data; error?: unknown; response: Response }>,
): Promise<Data> {
  let result: { data?: Data; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiFailure(
      0,
      'NETWORK',
      'The server could not be reached. Check the connection and try again.',
      true,
    );
  }
  const { data, error, response } = result;
  if (!response.ok || data === undefined) {
    const body = (error as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (response.status === 401 && !response.url.endsWith('/auth/token')) session.clear();
    throw new ApiFailure(
      response.status,
      body?.code ?? 'HTTP_' + response.status,
      body?.message ?? response.statusText,
      false,
    );
  }
  return data;
}

/** Headers of a write that must not happen twice when a click is retried. */
export function once(idempotencyKey: string): { 'Idempotency-Key': string } {
  return { 'Idempotency-Key': idempotencyKey };
}

/** A fresh idempotency key, so a retried click never acts twice. */
export function newRequestKey(): string {
  return crypto.randomUUID();
}
