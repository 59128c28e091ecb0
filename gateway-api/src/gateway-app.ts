import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { TokenService } from './auth/token-service';
import { CONFIG_DEFAULTS } from './config/gateway-config';
import { ApiError } from './errors/api-error';
import type { User } from './identity/user-directory';
import { toApiError } from './http/error-response';
import { apiReference } from './http/api-reference';
import { streamEvents } from './http/event-stream';
import type { EventStreamRegistry } from './http/event-stream-registry';
import { mountRoutes, type RouteServices } from './http/mount-routes';
import { TokenRequest, openApiDocument } from './http/openapi-document';
import { API_ROUTES } from './routes';

/** Everything the HTTP app is built from. */
export interface GatewayServices extends RouteServices {
  readonly tokens: TokenService;
  readonly log: Logger;
  /** The open event streams, within their limits. */
  readonly eventStreams: EventStreamRegistry;
  /** The built scanner page to serve at `/`, when there is one. */
  readonly webDir?: string;
  /** Verifications and recorded scans per user per minute (the configuration's default unless set). */
  readonly verifyRatePerMinute?: number;
  /** Sign-in attempts per address per minute (the configuration's default unless set). */
  readonly signInRatePerMinute?: number;
}

function rateLimited(limit: number, key?: (req: Request, res: Response) => string) {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(key === undefined ? {} : { keyGenerator: key }),
    handler: (_req, res) => {
      res
        .status(429)
        .json(
          new ApiError(
            429,
            'RATE_LIMITED',
            'too many requests; wait a minute and try again',
          ).body(),
        );
    },
  });
}

/** Builds the gateway's Express app (no listening: tests drive it through supertest). */
export function createGatewayApp(services: GatewayServices): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // The scanner page compiles its barcode decoder from WebAssembly.
          scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          mediaSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'"],
        },
      },
    }),
  );
  app.use(
    pinoHttp({
      logger: services.log,
      genReqId: (req, res) => {
        const id = req.headers['x-request-id'];
        const requestId =
          typeof id === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : randomUUID();
        res.setHeader('X-Request-Id', requestId);
        return requestId;
      },
    }),
  );
  app.use((req, res, next) => {
    const done = services.metrics.request(req.method);
    res.on('finish', () =>
      done((req.route as { path?: string } | undefined)?.path ?? 'unmatched', res.statusCode),
    );
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res, next) => {
    services.sessions.ledger
      .ready()
      .then((ready) => {
        res.status(ready ? 200 : 503).json({
          status: ready ? 'ready' : 'ledger unreachable',
          ledger: services.sessions.ledger.kind,
        });
      })
      .catch(next);
  });
  app.get('/metrics', (_req, res, next) => {
    services.metrics.registry
      .metrics()
      .then((text) => {
        res.type(services.metrics.registry.contentType).send(text);
      })
      .catch(next);
  });
  const document = openApiDocument(API_ROUTES);
  app.get(['/openapi.json', '/api/v1/openapi.json'], (_req, res) => {
    res.json(document);
  });

  app.use('/docs', apiReference());
  if (services.webDir !== undefined) {
    app.use(express.static(services.webDir, { index: 'index.html', maxAge: '5m' }));
  }

  const api = express.Router();
  api.post(
    '/auth/token',
    rateLimited(services.signInRatePerMinute ?? CONFIG_DEFAULTS.signInRatePerMinute),
    express.json({ limit: '4kb' }),
    (req, res, next) => {
      const parsed = TokenRequest.safeParse(req.body);
      if (!parsed.success) {
        next(new ApiError(400, 'VALIDATION_FAILED', 'send {"username", "password"}'));
        return;
      }
      services.users
        .authenticate(parsed.data.username, parsed.data.password)
        .then(async (user) => {
          if (user === undefined) {
            throw new ApiError(401, 'INVALID_CREDENTIALS', 'unknown username or wrong password');
          }
          if (user.disabled) {
            throw new ApiError(
              403,
              'USER_DISABLED',
              'this account is disabled; ask your organisation’s administrator',
            );
          }
          res.json(await services.tokens.issue(user.username, user.tokenVersion));
        })
        .catch(next);
    },
  );
  api.use((req, res, next) => {
    const header = req.get('Authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    services.tokens
      .verify(token)
      .then((claims) => {
        // A token ends with a password reset or a disable: its version no longer matches.
        const user =
          claims === undefined
            ? undefined
            : services.users.holderOf(claims.username, claims.tokenVersion);
        if (user === undefined) {
          throw new ApiError(
            401,
            'UNAUTHENTICATED',
            'sign in first: POST /api/v1/auth/token, then send Authorization: Bearer <token>',
          );
        }
        res.locals['user'] = user satisfies User;
        next();
      })
      .catch(next);
  });
  const perUser = (_req: Request, res: Response) => (res.locals['user'] as User).username;
  api.use(
    ['/verify', '/scans'],
    rateLimited(services.verifyRatePerMinute ?? CONFIG_DEFAULTS.verifyRatePerMinute, perUser),
  );
  api.get(
    '/events',
    streamEvents({
      sessions: services.sessions,
      users: services.users,
      streams: services.eventStreams,
    }),
  );
  mountRoutes(api, API_ROUTES, services);
  app.use('/api/v1', api);

  app.use((_req, _res, next) => {
    next(new ApiError(404, 'NOT_FOUND', 'no such endpoint; see /openapi.json'));
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const apiError = toApiError(error);
    services.metrics.error(apiError.code);
    if (apiError.status >= 500) {
      req.log.error({ err: error }, 'request failed');
    }
    if (apiError.retryAfterSeconds !== undefined) {
      res.set('Retry-After', String(apiError.retryAfterSeconds));
    }
    res.status(apiError.status).json(apiError.body());
  });
  return app;
}
