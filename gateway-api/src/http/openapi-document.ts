import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { RouteDefinition } from './route-definition';

const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** The sign-in route's schemas (the only route served outside the route table). */
export const TokenRequest = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export const TokenResponse = z.object({ token: z.string(), expiresIn: z.number() });

/** Builds the OpenAPI 3.1 document from the same schemas that validate requests. */
export function openApiDocument(definitions: readonly RouteDefinition[]): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const errors = {
    400: { description: 'bad input', content: { 'application/json': { schema: ErrorBody } } },
    401: { description: 'not signed in' },
    403: { description: 'not allowed for your role or party' },
    404: { description: 'not found' },
    409: { description: 'conflicts with what is recorded' },
    422: { description: 'refused by a rule of the ledger' },
    503: { description: 'the ledger is unreachable' },
  };
  registry.registerPath({
    method: 'post',
    path: '/api/v1/auth/token',
    summary: 'Sign in: exchange a username and password for a bearer token',
    tags: ['auth'],
    request: { body: { content: { 'application/json': { schema: TokenRequest } } } },
    responses: {
      200: { description: 'signed in', content: { 'application/json': { schema: TokenResponse } } },
      401: errors[401],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/events',
    summary:
      'Server-sent events of the ledger events you may see; resume with Last-Event-ID (a block number)',
    tags: ['events'],
    security: [{ bearer: [] }],
    request: {
      query: z.strictObject({
        after: z
          .string()
          .regex(/^[0-9]+$/)
          .optional(),
      }),
    },
    responses: {
      200: {
        description:
          'text/event-stream; each event has id (block number), event (type) and data (JSON)',
      },
      401: errors[401],
    },
  });
  for (const definition of definitions) {
    registry.registerPath({
      method: definition.method,
      path: `/api/v1${definition.path.replace(/:([A-Za-z]+)/g, '{$1}')}`,
      summary: definition.summary,
      tags: [definition.tag],
      security: [{ bearer: [] }],
      request: {
        ...(definition.params === undefined ? {} : { params: definition.params as z.ZodObject }),
        ...(definition.query === undefined ? {} : { query: definition.query as z.ZodObject }),
        ...(definition.body === undefined
          ? {}
          : { body: { content: { 'application/json': { schema: definition.body } } } }),
      },
      responses: {
        [definition.status ?? 200]: {
          description: 'success',
          content: { 'application/json': { schema: definition.response } },
        },
        ...errors,
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'packtrace gateway API',
      version: '1.0.0',
      description:
        'Every party’s work on the pack ledger over HTTP; each user acts under their own Fabric identity.',
    },
    servers: [{ url: '/' }],
  });
}
