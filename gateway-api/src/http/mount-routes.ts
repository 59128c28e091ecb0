import type { PartyRole } from '@packtrace/chaincode/client';
import { LedgerFailure } from '@packtrace/ledger';
import { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { CommissioningJobs } from '../batches/commissioning-jobs';
import type { BulkJobs } from '../bulk/bulk-jobs';
import type { EpcisServices } from '../epcis/epcis-services';
import { ApiError } from '../errors/api-error';
import type { UserAdministration } from '../identity/user-administration';
import type { User } from '../identity/user-directory';
import type { UserDirectory } from '../identity/user-directory';
import type { PrintRuns } from '../labels/print-runs';
import type { UserSessions } from '../ledger/user-sessions';
import type { ProductLinksCache } from '../resolver/product-links-cache';
import type { GatewayMetrics } from './gateway-metrics';
import { IdempotencyStore, type IdempotentRequest } from './idempotency-store';
import { jsonBody } from './json-body';
import { LedgerCaller } from '../ledger/ledger-caller';
import { refuseOtherMethods } from './method-not-allowed';
import { mountEpcisConventions } from './epcis-binding';
import { responseMismatch } from './response-check';
import { RESPONSE_SENT, type RouteDefinition } from './route-definition';
import { MAX_ISSUES_LISTED, validationFailure } from '../errors/validation-failure';

/** What the mounted routes need from the gateway. */
export interface RouteServices {
  readonly sessions: UserSessions;
  readonly users: UserDirectory;
  readonly jobs: CommissioningJobs;
  /** Bulk verification, dispensing and decommissioning of lists of packs. */
  readonly bulkJobs: BulkJobs;
  readonly accounts: UserAdministration;
  readonly idempotency: IdempotencyStore;
  /** The print runs in progress, bounded per party. */
  readonly printRuns: PrintRuns;
  /** The EPCIS routes' capture jobs and page-token key. */
  readonly epcis: EpcisServices;
  readonly metrics: GatewayMetrics;
  /**
   * Seconds an unconfirmed transaction may still commit (see `LedgerCallerOptions.settleMs`
   * and `GatewayConfig.outcomeSettleSeconds`).
   */
  readonly outcomeSettleSeconds: number;
  /** See `GatewayConfig.resolverBaseUrl`; absent: each request's own origin. */
  readonly resolverBaseUrl?: string;
  /** Products' links as the resolver keeps them (see `RouteContext.productLinks`). */
  readonly productLinks: ProductLinksCache;
  /**
   * Check every JSON answer against its route's declared schema, answering 500
   * RESPONSE_MISMATCH when it differs. The test gateways turn it on; a server does not pay for it.
   */
  readonly checkResponses?: boolean;
}

const NO_INPUT = z.strictObject({});
const NO_BODY = z.union([z.undefined(), z.strictObject({})]);
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{1,128}$/;

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw validationFailure(
      where,
      result.error.issues.slice(0, MAX_ISSUES_LISTED).map((issue) => ({
        where,
        path: issue.path.join('.'),
        message: issue.message,
        ...(issue.code === 'custom' &&
        issue.params !== undefined &&
        Object.keys(issue.params).length > 0
          ? issue.params
          : {}),
      })),
      result.error.issues.length,
    );
  }
  return result.data;
}

/**
 * What a failed request leaves under its Idempotency-Key: while anything it (or an earlier
 * attempt) sent may have committed, the key stays open for a retry to settle from the ledger;
 * otherwise nothing changed, and the key is forgotten so a retry runs afresh.
 */
async function settleFailure(
  idempotent: IdempotentRequest,
  error: unknown,
  ledger: LedgerCaller | undefined,
): Promise<void> {
  const open =
    (error instanceof LedgerFailure && error.kind === 'outcome_unknown') ||
    (ledger === undefined ? idempotent.earlierSends > 0 : ledger.mayHaveCommitted);
  if (open) {
    idempotent.leaveOpen();
  } else {
    await idempotent.forget();
  }
}

/**
 * The gateway's own role check. It mirrors the chaincode's table so a forbidden call is refused
 * without a ledger round trip; the chaincode still decides, whatever the gateway says.
 */
function checkRole(definition: RouteDefinition, user: User): void {
  if (definition.rule === 'signed-in') {
    return;
  }
  if (definition.rule === 'administrator') {
    if (!user.admin) {
      throw new ApiError(
        403,
        'NOT_AN_ADMINISTRATOR',
        'only your company’s administrator manages its users',
      );
    }
    return;
  }
  const roles: readonly PartyRole[] = definition.rule.roles;
  if (!roles.includes(user.role)) {
    throw new ApiError(
      403,
      'ROLE_FORBIDDEN',
      `a ${user.role} may not ${definition.summary.toLowerCase()}`,
    );
  }
}

/**
 * The media type the route answers this request in, set on the response; 406 when the route
 * offers several and the Accept header allows none of them.
 */
function negotiate(definition: RouteDefinition, req: Request, res: Response): void {
  if (definition.alternativeResponseTypes === undefined) {
    return;
  }
  const offered = [
    definition.responseType ?? 'application/json',
    ...definition.alternativeResponseTypes,
  ];
  const chosen = req.accepts(offered);
  if (chosen === false) {
    throw new ApiError(
      406,
      'NOT_ACCEPTABLE',
      `this resource answers ${offered.join(' or ')}; send an Accept header that allows one`,
    );
  }
  res.type(chosen);
}

/** Mounts every route definition on the router, behind authentication done earlier. */
export function mountRoutes(
  router: Router,
  definitions: readonly RouteDefinition[],
  services: RouteServices,
): void {
  const closeEpcis = mountEpcisConventions(router, services.metrics);
  for (const definition of definitions) {
    const handler = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      const user = res.locals['user'] as User;
      let idempotent: IdempotentRequest | undefined;
      let ledger: LedgerCaller | undefined;
      try {
        negotiate(definition, req, res);
        checkRole(definition, user);
        const params = parse(definition.params ?? NO_INPUT, req.params, 'path');
        const query = parse(definition.query ?? NO_INPUT, req.query, 'query');
        const body = parse(definition.body ?? NO_BODY, req.body, 'body');
        const key = req.get('Idempotency-Key');
        if (definition.writes === true && key !== undefined) {
          if (!IDEMPOTENCY_KEY.test(key)) {
            throw new ApiError(
              400,
              'VALIDATION_FAILED',
              'Idempotency-Key must be 1-128 letters, digits, dashes or underscores',
            );
          }
          const start = await services.idempotency.begin(
            `${user.username}:${key}`,
            IdempotencyStore.fingerprint(req.method, req.path, req.body),
          );
          if (start.kind === 'replay') {
            if (start.txIds.length > 0) {
              res.set('X-Transaction-Id', start.txIds.join(','));
            }
            res.set('Idempotent-Replay', 'true').status(start.status).json(start.body);
            return;
          }
          idempotent = start.request;
        }
        ledger = new LedgerCaller(
          await services.sessions.sessionOf(user),
          services.metrics,
          req.log,
          {
            settleMs: 1000 * services.outcomeSettleSeconds,
            ...(idempotent === undefined ? {} : { idempotent }),
          },
        );
        res.status(definition.status ?? 200);
        const result = await definition.handle({
          params,
          query,
          body,
          user,
          ledger,
          jobs: services.jobs,
          bulkJobs: services.bulkJobs,
          accounts: services.accounts,
          printRuns: services.printRuns,
          epcis: services.epcis,
          ...(idempotent === undefined ? {} : { idempotencySeed: idempotent.seed }),
          ...(services.resolverBaseUrl === undefined
            ? {}
            : { resolverBaseUrl: services.resolverBaseUrl }),
          productLinks: services.productLinks,
          req,
          res,
        });
        if (ledger.txIds.length > 0) {
          res.set('X-Transaction-Id', ledger.txIds.join(','));
        }
        if (ledger.replayed) {
          res.set('Idempotent-Replay', 'true');
        }
        if (result === RESPONSE_SENT) {
          idempotent?.leaveOpen();
          return;
        }
        const mismatch =
          services.checkResponses === true
            ? responseMismatch(definition, res.statusCode, result)
            : undefined;
        if (mismatch !== undefined) {
          throw mismatch;
        }
        await idempotent?.answer(res.statusCode, result, ledger.txIds);
        res.json(result);
      } catch (error) {
        if (idempotent !== undefined) {
          await settleFailure(idempotent, error, ledger).catch((failure: unknown) =>
            req.log.error({ err: failure }, 'the Idempotency-Key record could not be updated'),
          );
        }
        next(error);
      }
    };
    router[definition.method](
      definition.path,
      jsonBody(definition.bodyLimit ?? '1mb'),
      (req, res, next) => {
        void handler(req, res, next);
      },
    );
  }
  refuseOtherMethods(router, definitions);
  closeEpcis();
}
