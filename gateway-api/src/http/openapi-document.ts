import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { TokenService } from '../auth/token-service';
import { ErrorBodySchema, ProblemBodySchema } from '../schemas/error-body-schema';
import { CBV_VERSION, EPCIS_PATH, EPCIS_VERSION } from './epcis-binding';
import { shapeOf } from '../schemas/model-shape';
import { CheckPath, CheckQuery, PatientCheckSchema } from '../patient-check/patient-check-schemas';
import type { ResponseMediaType, RouteDefinition } from './route-definition';

/** What each error status means; every error answer has the one error shape. */
const ERROR_STATUSES = {
  400: 'bad input: the request is malformed or a value is invalid (nothing changed)',
  401: 'not signed in, or the token ended',
  403: 'not allowed for your role or party',
  404: 'a record the request names does not exist',
  406: 'the Accept header, or a GS1 version or EPC format header, asks for what the resource cannot give',
  409: 'conflicts with what is recorded (a duplicate, a record already closed, a concurrent change)',
  413: 'the request body is larger than this endpoint accepts, or a query’s answer larger than the gateway gathers',
  422: 'refused by a rule of the ledger (custody, status, recall…)',
  429: 'too many requests; retry after Retry-After seconds',
  500: 'something went wrong on the gateway’s side (logged)',
  503: 'the ledger cannot be reached, or a GS1 verification request is over its party’s allowance (`RATE_LIMITED`); try again shortly (after `Retry-After` when given)',
  504: 'the ledger did not confirm whether the transaction committed; retry with the same Idempotency-Key',
} as const;
type ErrorStatus = keyof typeof ERROR_STATUSES;

/** The error answers: the API's error shape, or problem details on the EPCIS routes. */
function errorResponses(statuses: readonly ErrorStatus[], problem = false) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: ERROR_STATUSES[status],
        content: problem
          ? { 'application/problem+json': { schema: ProblemBodySchema } }
          : { 'application/json': { schema: ErrorBodySchema } },
      },
    ]),
  );
}

/** Whether a route is one of EPCIS 2.0's resources, with the binding's conventions. */
const isEpcis = (definition: RouteDefinition): boolean =>
  definition.path === EPCIS_PATH || definition.path.startsWith(`${EPCIS_PATH}/`);

/** The version headers every EPCIS answer carries. */
const EPCIS_RESPONSE_HEADERS = {
  'GS1-EPCIS-Version': {
    description: 'the EPCIS version of the answer',
    schema: { type: 'string' as const, example: EPCIS_VERSION },
  },
  'GS1-CBV-Version': {
    description: 'the CBV version of the answer',
    schema: { type: 'string' as const, example: CBV_VERSION },
  },
};

/** The binding's request headers an EPCIS route honours (or refuses with 406). */
const EpcisRequestHeaders = z.object(
  Object.fromEntries(
    ['GS1-EPCIS-Min', 'GS1-EPCIS-Max', 'GS1-CBV-Min', 'GS1-CBV-Max'].map((name) => [
      name,
      z
        .string()
        .optional()
        .meta({
          description: `${name.endsWith('Min') ? 'lowest' : 'highest'} version the client takes (406 when it leaves out 2.0.0)`,
          example: '2.0.0',
        }),
    ]),
  ),
);

/**
 * The error statuses a route can answer, from what it does: input can be refused (400), and a
 * body be too large (413); every route checks the caller (401, 403) and may fail (500, 503);
 * a route that names records may not find them (404); writes may conflict (409), be refused by
 * a ledger rule (422) or end unconfirmed (504); a route declares what else it answers (429 where
 * the gateway bounds its use).
 */
export function routeErrorStatuses(definition: RouteDefinition): ErrorStatus[] {
  const input =
    definition.params !== undefined ||
    definition.query !== undefined ||
    definition.body !== undefined;
  const writes = definition.method === 'post';
  const statuses: ErrorStatus[] = [];
  if (input || writes) statuses.push(400);
  statuses.push(401, 403);
  if (definition.params !== undefined || definition.body !== undefined) statuses.push(404);
  if (definition.alternativeResponseTypes !== undefined || isEpcis(definition)) statuses.push(406);
  if (writes) statuses.push(409);
  if (writes || definition.extraErrorStatuses?.includes(413) === true) statuses.push(413);
  if (writes || definition.extraErrorStatuses?.includes(422) === true) statuses.push(422);
  if (definition.extraErrorStatuses?.includes(429) === true) statuses.push(429);
  statuses.push(500, 503);
  if (definition.writes === true) statuses.push(504);
  return statuses;
}

/** The header that makes a write safe to retry (see docs/api.md, Retries). */
const IdempotencyHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/)
    .optional()
    .meta({
      description:
        'a retry with the same key and body replays the first answer instead of acting twice',
      example: '5f0e9b52-8d1c-4a3e-9f27-6c1b0d4a7e13',
    }),
});

/** The OpenAPI content of an answer: JSON by its schema; an image or a PDF as bytes. */
function content(
  schema: z.ZodType,
  type: ResponseMediaType = 'application/json',
  alternatives: readonly ResponseMediaType[] = [],
) {
  return Object.fromEntries(
    [type, ...alternatives].map((each) => [
      each,
      each === 'application/json' || each === 'application/ld+json'
        ? { schema }
        : { schema: z.string().meta({ format: 'binary' }) },
    ]),
  );
}

/**
 * The operationId of a route, from its method and its path, which together are unique and
 * change only when the route does: `get` `/batches/:gtin/:lot/packs` is
 * `getBatchesByGtinAndLotPacks`. Derived rather than declared per route, so a new route is
 * named the moment it exists and no two can collide.
 */
export function operationIdOf(method: string, path: string): string {
  const words = (text: string) =>
    text
      .split(/[^A-Za-z0-9]+/)
      .filter((word) => word.length > 0)
      .map((word) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`)
      .join('');
  let name = method.toLowerCase();
  let afterParameter = false;
  for (const segment of path.split('/').filter((part) => part.length > 0)) {
    const parameter = /^[:{]([A-Za-z0-9_]+)}?$/.exec(segment)?.[1];
    if (parameter === undefined) {
      name += words(segment);
      afterParameter = false;
    } else {
      name += `${afterParameter ? 'And' : 'By'}${words(parameter)}`;
      afterParameter = true;
    }
  }
  return name;
}

/** The flags `RegExp#toString` puts after a pattern's closing slash. */
const TRAILING_FLAGS = /\/([dgimsuyv]+)$/;

/**
 * Makes every `pattern` of the document a JSON Schema pattern. The generator writes a regex as
 * `RegExp#toString` without its slashes, so a flagged regex ends in `/u` and matches nothing.
 * JSON Schema reads patterns as ECMA-262 with Unicode semantics, which is what `u` asks for:
 * that flag is dropped. Any other flag changes what the pattern means in a way a pattern cannot
 * carry (`i`, `s`, `m`) or makes a check stateful (`g`, `y`): the document is refused instead.
 * Every pattern must then compile as validators compile it, with the `u` flag.
 */
function jsonSchemaPatterns(node: unknown, inProperties = false): void {
  if (Array.isArray(node)) {
    node.forEach((item) => jsonSchemaPatterns(item));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    // An example is data, not schema, unless `example` is the name of a property.
    if (inProperties) {
      jsonSchemaPatterns(value);
      continue;
    }
    if (key === 'example' || key === 'examples') continue;
    if (key !== 'pattern' || typeof value !== 'string') {
      jsonSchemaPatterns(value, key === 'properties');
      continue;
    }
    // RegExp#source escapes every `/` outside a class, and a class cannot end the text, so a
    // slash followed by letters only at the end is the flags' delimiter.
    const flags = TRAILING_FLAGS.exec(value);
    const pattern = flags === null ? value : value.slice(0, flags.index);
    const unexpressible = [...(flags?.[1] ?? '')].filter((flag) => flag !== 'u');
    if (unexpressible.length > 0) {
      throw new Error(
        `the pattern ${pattern} has the flag ${unexpressible.join('')}, which a JSON Schema pattern cannot express`,
      );
    }
    try {
      new RegExp(pattern, 'u');
    } catch (error) {
      throw new Error(`the pattern ${pattern} is not a Unicode ECMA-262 pattern`, {
        cause: error,
      });
    }
    record[key] = pattern;
  }
}

/** The sign-in route's schemas (the only route served outside the route table). */
export const TokenRequest = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export const TokenResponse = shapeOf<Awaited<ReturnType<TokenService['issue']>>>()(
  z
    .object({
      token: z.string().meta({ description: 'send as Authorization: Bearer <token>' }),
      expiresIn: z.number().meta({ description: 'seconds the token stays valid' }),
    })
    .meta({ id: 'Token' }),
);

/** Builds the OpenAPI 3.1 document from the same schemas that validate requests. */
export function openApiDocument(definitions: readonly RouteDefinition[]): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/auth/token',
    operationId: operationIdOf('post', '/auth/token'),
    summary: 'Sign in: exchange a username and password for a bearer token',
    tags: ['auth'],
    // Signing in is what gets the token: it needs none, and says so.
    security: [],
    request: {
      body: { required: true, content: { 'application/json': { schema: TokenRequest } } },
    },
    responses: {
      200: { description: 'signed in', content: { 'application/json': { schema: TokenResponse } } },
      ...errorResponses([400, 401, 403, 413, 429, 500]),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/events',
    operationId: operationIdOf('get', '/events'),
    summary:
      'Server-sent events of the ledger events you may see; resume with Last-Event-ID (a block number)',
    tags: ['events'],
    security: [{ bearer: [] }],
    request: {
      query: z.strictObject({
        after: z
          .string()
          .regex(/^[0-9]+$/)
          .optional()
          .meta({ description: 'resume after this block number', example: '1042' }),
      }),
    },
    responses: {
      200: {
        description:
          'text/event-stream; each event has id (block number), event (type) and data (JSON)',
        content: { 'text/event-stream': { schema: z.string() } },
      },
      ...errorResponses([400, 401, 429, 500, 503]),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/check/01/{gtin}/21/{serial}',
    operationId: operationIdOf('get', '/check/01/:gtin/21/:serial'),
    summary:
      'A patient’s check of a pack: what they may be told (no sign-in; the page is /check/01/{gtin}/21/{serial})',
    description:
      'Limited per client address. An unknown code and an unsold pack get the same answer; a code that cannot be a pack’s too.',
    tags: ['patient-check'],
    // A patient does not sign in: the check needs no token, and says so.
    security: [],
    request: { params: CheckPath, query: CheckQuery },
    responses: {
      200: {
        description: 'what the patient is told',
        content: { 'application/json': { schema: PatientCheckSchema } },
      },
      ...errorResponses([429, 500, 503]),
    },
  });
  for (const definition of definitions) {
    registry.registerPath({
      method: definition.method,
      path: `/api/v1${definition.path.replace(/:([A-Za-z]+)/g, '{$1}')}`,
      operationId: operationIdOf(definition.method, definition.path),
      summary: definition.summary,
      ...(definition.description === undefined ? {} : { description: definition.description }),
      tags: [definition.tag],
      security: [{ bearer: [] }],
      request: {
        ...(definition.params === undefined ? {} : { params: definition.params as z.ZodObject }),
        ...(definition.query === undefined ? {} : { query: definition.query as z.ZodObject }),
        ...(definition.writes === true ? { headers: IdempotencyHeaders } : {}),
        ...(isEpcis(definition) && definition.writes !== true
          ? { headers: EpcisRequestHeaders }
          : {}),
        ...(definition.body === undefined
          ? {}
          : {
              body: {
                // Required unless the route's schema takes no body at all, so generated clients
                // make the body a required argument where the route refuses its absence.
                required: !definition.body.safeParse(undefined).success,
                content: { 'application/json': { schema: definition.body } },
              },
            }),
      },
      responses: {
        [definition.status ?? 200]: {
          description: 'success',
          ...(isEpcis(definition) ? { headers: EPCIS_RESPONSE_HEADERS } : {}),
          content: content(
            definition.response,
            definition.responseType,
            definition.alternativeResponseTypes,
          ),
        },
        ...Object.fromEntries(
          Object.entries(definition.otherResponses ?? {}).map(([status, schema]) => [
            status,
            { description: 'success', content: content(schema) },
          ]),
        ),
        ...errorResponses(routeErrorStatuses(definition), isEpcis(definition)),
      },
    });
  }
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'packtrace gateway API',
      version: '1.0.0',
      description:
        'Every party’s work on the pack ledger over HTTP; each user acts under their own Fabric identity.',
      license: { name: 'Apache License 2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
  });
  jsonSchemaPatterns(document);
  return document;
}
