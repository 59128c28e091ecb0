import type { ErrorRequestHandler, RequestHandler, Router } from 'express';
import { MAX_CAPTURE_EVENTS } from '../epcis/capture-bounds';
import { ApiError } from '../errors/api-error';
import { PROBLEM_JSON, problemOf } from '../errors/problem-details';
import { toApiError } from './error-response';
import type { GatewayMetrics } from './gateway-metrics';

/*
 * The conventions of EPCIS 2.0's REST binding that hold on every EPCIS resource, capture and
 * query alike, applied by path (every route under /epcis) rather than route by route: the
 * GS1-EPCIS-Version and GS1-CBV-Version headers on every answer, the client's version and EPC
 * format headers honoured or refused (406), OPTIONS answering discovery, and every error as RFC
 * 7807 problem details with the binding's exception types. See docs/epcis-query.md.
 */

/** Where the EPCIS resources are, under the API's base. */
export const EPCIS_PATH = '/epcis';

/** The EPCIS and CBV versions the platform speaks (the binding's headers, x.y.z). */
export const EPCIS_VERSION = '2.0.0';
export const CBV_VERSION = '2.0.0';

/** The largest capture body, in bytes (the capture route's limit, 2 MiB). */
const CAPTURE_FILE_SIZE_LIMIT = 2 * 1024 * 1024;

const VERSION = /^\d+(\.\d+)*$/;

/** -1, 0 or 1 as version `a` is below, equal to or above `b` (missing parts are 0). */
function compareVersions(a: string, b: string): number {
  const as = a.split('.').map(Number);
  const bs = b.split('.').map(Number);
  for (let i = 0; i < Math.max(as.length, bs.length); i += 1) {
    const difference = (as[i] ?? 0) - (bs[i] ?? 0);
    if (difference !== 0) {
      return Math.sign(difference);
    }
  }
  return 0;
}

/** The client's version header refused when it leaves out the version the platform speaks. */
function checkVersion(
  header: string,
  value: string | undefined,
  ours: string,
  accepts: (given: string) => boolean,
): void {
  if (value === undefined) {
    return;
  }
  if (!VERSION.test(value.trim())) {
    throw new ApiError(
      400,
      'VALIDATION_FAILED',
      `${header} is a version such as ${ours}, not ${JSON.stringify(value)}`,
    );
  }
  if (!accepts(value.trim())) {
    throw new ApiError(
      406,
      'VERSION_NOT_SUPPORTED',
      `${header} ${value.trim()} leaves out the only version this repository speaks, ${ours}`,
    );
  }
}

/** EPC formats the platform answers in: it writes every identifier as a GS1 Digital Link. */
const EPC_FORMATS_ANSWERED = new Set(['No_Preference', 'Always_GS1_Digital_Link']);

/** The discovery headers of OPTIONS on an EPCIS resource (the binding's 204 answers). */
function discoveryHeaders(path: string): Record<string, string> {
  return {
    'GS1-EPCIS-Min': EPCIS_VERSION,
    'GS1-EPCIS-Max': EPCIS_VERSION,
    'GS1-CBV-Min': CBV_VERSION,
    'GS1-CBV-Max': CBV_VERSION,
    'GS1-EPC-Format': 'Always_GS1_Digital_Link',
    'GS1-Vendor-Version': 'packtrace-1',
    ...(path === '/capture' || path === '/capture/'
      ? {
          'GS1-EPCIS-Capture-Limit': String(MAX_CAPTURE_EVENTS),
          'GS1-EPCIS-Capture-File-Size-Limit': String(CAPTURE_FILE_SIZE_LIMIT),
          // Capture takes both behaviours (rollback by default): the binding's word for that.
          'GS1-Capture-Error-Behaviour': 'all',
        }
      : {}),
  };
}

/**
 * Before the EPCIS routes: the version headers on every answer, the client's version and EPC
 * format headers checked (not on OPTIONS, which tells a client what it may send), and OPTIONS'
 * discovery headers (its 204 and Allow come from `refuseOtherMethods`).
 */
export function epcisConventions(): RequestHandler {
  return (req, res, next) => {
    res.set('GS1-EPCIS-Version', EPCIS_VERSION);
    res.set('GS1-CBV-Version', CBV_VERSION);
    if (req.method === 'OPTIONS') {
      res.set(discoveryHeaders(req.path));
      // The binding's root: discovery of the repository as a whole, which has no other method.
      if (req.path === '/') {
        res.set('Allow', 'OPTIONS').status(204).end();
        return;
      }
      next();
      return;
    }
    try {
      const atLeast = (ours: string) => (given: string) => compareVersions(given, ours) <= 0;
      const atMost = (ours: string) => (given: string) => compareVersions(given, ours) >= 0;
      const sameMajor = (ours: string) => (given: string) =>
        given.split('.')[0] === ours.split('.')[0];
      checkVersion(
        'GS1-EPCIS-Min',
        req.get('GS1-EPCIS-Min'),
        EPCIS_VERSION,
        atLeast(EPCIS_VERSION),
      );
      checkVersion('GS1-EPCIS-Max', req.get('GS1-EPCIS-Max'), EPCIS_VERSION, atMost(EPCIS_VERSION));
      checkVersion('GS1-CBV-Min', req.get('GS1-CBV-Min'), CBV_VERSION, atLeast(CBV_VERSION));
      checkVersion('GS1-CBV-Max', req.get('GS1-CBV-Max'), CBV_VERSION, atMost(CBV_VERSION));
      checkVersion(
        'GS1-EPCIS-Version',
        req.get('GS1-EPCIS-Version'),
        EPCIS_VERSION,
        sameMajor(EPCIS_VERSION),
      );
      checkVersion(
        'GS1-CBV-Version',
        req.get('GS1-CBV-Version'),
        CBV_VERSION,
        sameMajor(CBV_VERSION),
      );
      const format = req.get('GS1-EPC-Format');
      if (format !== undefined && !EPC_FORMATS_ANSWERED.has(format.trim())) {
        throw new ApiError(
          406,
          'EPC_FORMAT_NOT_SUPPORTED',
          `GS1-EPC-Format ${format.trim()} cannot be given: this repository answers every identifier as a GS1 Digital Link (send Always_GS1_Digital_Link or No_Preference)`,
        );
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** After the EPCIS routes: a path under /epcis that names no resource. */
export const epcisNotFound: RequestHandler = (_req, _res, next) => {
  next(
    new ApiError(
      404,
      'NOT_FOUND',
      'no such EPCIS resource; the EPCIS routes are listed in /openapi.json',
    ),
  );
};

/**
 * Every error of an EPCIS resource (sign-in, validation, refusals, the ledger) as RFC 7807
 * problem details: counted and logged as the gateway's own error handler does, with
 * Retry-After when given, in the binding's exception vocabulary.
 */
export function epcisErrors(metrics: GatewayMetrics): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const apiError = toApiError(error);
    metrics.error(apiError.code);
    if (apiError.status >= 500) {
      req.log.error({ err: error }, 'request failed');
    }
    if (apiError.retryAfterSeconds !== undefined) {
      res.set('Retry-After', String(apiError.retryAfterSeconds));
    }
    res.set('GS1-EPCIS-Version', EPCIS_VERSION);
    res.set('GS1-CBV-Version', CBV_VERSION);
    res.status(apiError.status).type(PROBLEM_JSON).json(problemOf(apiError));
  };
}

/** Mounts the conventions around routes that `mountEpcisRoutes` is given a place between. */
export function mountEpcisConventions(router: Router, metrics: GatewayMetrics): () => void {
  router.use(EPCIS_PATH, epcisConventions());
  return () => {
    router.use(EPCIS_PATH, epcisNotFound);
    router.use(EPCIS_PATH, epcisErrors(metrics));
  };
}
