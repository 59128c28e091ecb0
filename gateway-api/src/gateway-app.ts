import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { SignInFailures } from '@packtrace/store';
import { SignInLimits } from './auth/sign-in-limits';
import type { TokenService } from './auth/token-service';
import { ApiError } from './errors/api-error';
import type { User } from './identity/user-directory';
import { toApiError } from './http/error-response';
import { apiReference } from './http/api-reference';
import { streamEvents } from './http/event-stream';
import type { EventStreamRegistry } from './http/event-stream-registry';
import { jsonBody } from './http/json-body';
import { refuseOtherMethods } from './http/method-not-allowed';
import { mountRoutes, type RouteServices } from './http/mount-routes';
import { TokenRequest, openApiDocument } from './http/openapi-document';
import { mountProbes } from './http/operations-app';
import { requestLog } from './http/request-log';
import { noStore, securityHeaders } from './http/security-headers';
import { patientCheckRoutes, type PatientCheckServices } from './patient-check';
import { resolverRouter, type ResolverServices } from './resolver';
import { API_ROUTES } from './routes';

/** Everything the HTTP app is built from. */
export interface GatewayServices extends RouteServices, PatientCheckServices, ResolverServices {
  readonly tokens: TokenService;
  readonly log: Logger;
  /** The open event streams, within their limits. */
  readonly eventStreams: EventStreamRegistry;
  /** The built scanner page to serve at `/`, when there is one. */
  readonly webDir?: string;
  /** Verifications and recorded scans per user per minute (see `GatewayConfig`). */
  readonly verifyRatePerMinute: number;
  /** Failed sign-ins per address per minute (see `GatewayConfig`). */
  readonly signInRatePerMinute: number;
  /** Failed sign-ins, counted in the gateway's database for every replica alike. */
  readonly signInFailures: SignInFailures;
  /** Flags per party per hour (see `GatewayConfig`). */
  readonly flagRatePerHour: number;
}

/**
 * What a limited client is told: a status (429 unless its protocol says otherwise), a stable
 * code and a sentence (Retry-After says when).
 */
interface LimitAnswer {
  readonly status?: number;
  readonly code: string;
  readonly message: string;
}

const TOO_MANY_REQUESTS: LimitAnswer = {
  code: 'RATE_LIMITED',
  message: 'too many requests; wait a minute and try again',
};

/**
 * GS1's verification messaging (the DSCSA guideline's status table) has no 429: a responder that
 * cannot answer now says 503, and Retry-After tells a VRS requestor when to ask again.
 */
const TOO_MANY_VERIFICATION_REQUESTS: LimitAnswer = {
  status: 503,
  code: 'RATE_LIMITED',
  message:
    'your organisation has made as many verification requests this minute as it may; ask again after Retry-After seconds',
};

function rateLimited(
  limit: number,
  key?: (req: Request, res: Response) => string,
  windowMs = 60_000,
  answer: LimitAnswer = TOO_MANY_REQUESTS,
) {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(key === undefined ? {} : { keyGenerator: key }),
    handler: (_req, res) => {
      const status = answer.status ?? 429;
      res.status(status).json(new ApiError(status, answer.code, answer.message).body());
    },
  });
}

/** Builds the gateway's Express app (no listening: tests drive it through supertest). */
export function createGatewayApp(services: GatewayServices): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders());
  app.use(requestLog(services.log));
  app.use((req, res, next) => {
    const done = services.metrics.request(req.method);
    res.on('finish', () =>
      done((req.route as { path?: string } | undefined)?.path ?? 'unmatched', res.statusCode),
    );
    next();
  });

  // GET /metrics is served only by the operations listener (createOperationsApp).
  mountProbes(app, services);
  const document = openApiDocument(API_ROUTES);
  app.get(['/openapi.json', '/api/v1/openapi.json'], (_req, res) => {
    res.json(document);
  });

  app.use('/docs', apiReference());
  if (services.webDir !== undefined) {
    app.use(express.static(services.webDir, { index: 'index.html', maxAge: '5m' }));
  }

  // The consortium's GS1 Digital Link resolver needs no sign-in either (issue 26).
  app.use(resolverRouter(services));
  // The patient's check needs no sign-in (issue 26); its regulator report does.
  const patientCheck = patientCheckRoutes(services);
  app.use(patientCheck.publicRouter);
  const api = express.Router();
  api.use(noStore);
  const signInLimits = new SignInLimits(services.signInFailures, services.signInRatePerMinute);
  api.post('/auth/token', jsonBody('4kb'), (req, res, next) => {
    const parsed = TokenRequest.safeParse(req.body);
    if (!parsed.success) {
      next(new ApiError(400, 'VALIDATION_FAILED', 'send {"username", "password"}'));
      return;
    }
    const { username, password } = parsed.data;
    const address = req.ip ?? '';
    signInLimits
      .check(address, username)
      .then(() => services.users.authenticate(username, password))
      .then(async (user) => {
        if (user === undefined) {
          await signInLimits.failed(address, username);
          throw new ApiError(401, 'INVALID_CREDENTIALS', 'unknown username or wrong password');
        }
        if (user.disabled) {
          throw new ApiError(
            403,
            'USER_DISABLED',
            'this account is disabled; ask your company’s administrator',
          );
        }
        res.json(await services.tokens.issue(user.username, user.tokenVersion));
      })
      .catch(next);
  });
  refuseOtherMethods(api, [{ method: 'post', path: '/auth/token' }]);
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
  const perParty = (_req: Request, res: Response) => (res.locals['user'] as User).gln;
  const verifyRate = services.verifyRatePerMinute;
  api.use(['/verify', '/scans'], rateLimited(verifyRate, perUser));
  // A GS1 verification request is a ledger write, as a scan is. Its requestor is a party (reqGLN
  // must be the user's party), so the party's users share one allowance and more accounts buy
  // no more; it is its own, so a party's counter scans and its VRS traffic never starve each
  // other. Counted before the ledger is asked, so a limited request records nothing. The
  // connectivity check only reads, like any other read, and is not counted; every other VRS
  // path is, including any added later.
  const verificationRequests = rateLimited(
    verifyRate,
    perParty,
    60_000,
    TOO_MANY_VERIFICATION_REQUESTS,
  );
  api.use('/vrs', (req, res, next) => {
    if (req.path === '/checkConnectivity') {
      next();
      return;
    }
    void verificationRequests(req, res, next);
  });
  // Per party, not per user: a party's users share one allowance, so more accounts buy no more.
  // Counted before the ledger is asked, so a limited flag writes nothing.
  api.post(
    '/alerts',
    rateLimited(services.flagRatePerHour, perParty, 3_600_000, {
      code: 'FLAG_RATE_LIMITED',
      message: 'your organisation has raised as many flags this hour as it may; try again later',
    }),
  );
  api.get(
    '/events',
    streamEvents({
      sessions: services.sessions,
      users: services.users,
      streams: services.eventStreams,
    }),
  );
  refuseOtherMethods(api, [{ method: 'get', path: '/events' }]);
  api.use(patientCheck.shareReport);
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
