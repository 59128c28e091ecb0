import { Tx, type ProductLinks } from '@packtrace/chaincode/client';
import {
  Gs1Error,
  decompressDigitalLink,
  isCompressedDigitalLinkPath,
  parseDigitalLink,
  parseLinkType,
} from '@packtrace/gs1';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApiError } from '../errors/api-error';
import type { GatewayMetrics } from '../http/gateway-metrics';
import { toApiError } from '../http/error-response';
import type { UserDirectory } from '../identity/user-directory';
import { LedgerCaller } from '../ledger/ledger-caller';
import type { UserSessions } from '../ledger/user-sessions';
import { patientCheckReader } from '../patient-check/patient-check-reader';
import type { ProductLinksCache } from './product-links-cache';
import { resolverBaseOf } from './resolver-base';
import { resolverDescription } from './resolver-description';
import {
  checkPagePath,
  chooseLink,
  keyPath,
  linkHeader,
  linkset,
  linksFor,
  type ResolvedKey,
} from './resolver-links';

/** The media type of an RFC 9264 JSON linkset. */
export const LINKSET_TYPE = 'application/linkset+json';
/** How long a client or cache may keep a resolver's answer: links change rarely. */
const CACHE_SECONDS = 300;

/** What the resolver needs from the gateway. */
export interface ResolverServices {
  readonly sessions: UserSessions;
  readonly users: UserDirectory;
  readonly metrics: GatewayMetrics;
  /** The gateway account whose ledger session reads links for anyone (no one signs in here). */
  readonly patientCheckReader?: string;
  /** The resolver's public base URL; absent: the request's own origin. */
  readonly resolverBaseUrl?: string;
  /** Products' links as last read, shared with the patient check and the routes that set them. */
  readonly productLinks: ProductLinksCache;
}

function baseOf(services: ResolverServices, req: Request): string {
  return resolverBaseOf(req, services.resolverBaseUrl);
}

/** A placeholder origin: the host is not part of a Digital Link's identity. */
const ANY_HOST = 'https://resolver.invalid';

function keyOf(uri: string): ResolvedKey {
  let code;
  try {
    code = parseDigitalLink(uri);
  } catch (error) {
    if (error instanceof Gs1Error) {
      throw new ApiError(400, 'INVALID_CODE', `not a GS1 Digital Link URI: ${error.message}`);
    }
    throw error;
  }
  const { '01': gtin, '10': lot, '21': serial } = code.elements;
  if (gtin === undefined) {
    throw new ApiError(400, 'INVALID_CODE', 'this resolver answers GTINs (/01/) only');
  }
  return {
    gtin,
    ...(lot === undefined ? {} : { lot }),
    ...(serial === undefined ? {} : { serial }),
  };
}

/** The languages of Accept-Language, most wanted first (q=0 left out). */
function languagesOf(req: Request): string[] {
  return (req.get('accept-language') ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q.slice(2)), index };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}

async function readLinks(
  services: ResolverServices,
  req: Request,
  gtin: string,
): Promise<ProductLinks> {
  const reader = services.users.get(
    patientCheckReader(services.users, services.patientCheckReader),
  );
  if (reader === undefined || reader.disabled) {
    throw new ApiError(503, 'RESOLVER_UNAVAILABLE', 'the resolver is not set up on this gateway');
  }
  // The reader's ledger session is opened only when the kept links will not do.
  const read = async (): Promise<ProductLinks> => {
    const ledger = new LedgerCaller(
      await services.sessions.sessionOf(reader),
      services.metrics,
      req.log,
      { settleMs: 0 },
    );
    return ledger.evaluate(Tx.GetProductLinks, gtin);
  };
  try {
    return await services.productLinks.links(gtin, read);
  } catch (error) {
    if (toApiError(error).code === 'PRODUCT_NOT_FOUND') {
      throw new ApiError(
        404,
        'PRODUCT_NOT_FOUND',
        `no product with GTIN ${gtin} is registered on this consortium's ledger`,
      );
    }
    throw error;
  }
}

async function resolve(
  services: ResolverServices,
  req: Request,
  res: Response,
  uri: string,
  sameAs?: string,
): Promise<void> {
  const key = keyOf(uri);
  const base = baseOf(services, req);
  const stored = await readLinks(services, req, key.gtin);
  const links = linksFor(key, stored.links, base);
  const anchor = `${base}${keyPath(key)}`;
  res.set({
    'Cache-Control': `public, max-age=${CACHE_SECONDS}`,
    Vary: 'Accept, Accept-Language',
    Link: linkHeader(links, `${anchor}?linkType=all`, sameAs),
  });
  const asked = typeof req.query['linkType'] === 'string' ? req.query['linkType'] : undefined;
  const wantsLinkset =
    asked === 'all' ||
    asked === 'linkset' ||
    (asked === undefined && (req.get('accept') ?? '').includes(LINKSET_TYPE));
  if (wantsLinkset) {
    res
      .status(200)
      .type(LINKSET_TYPE)
      .send(JSON.stringify(linkset(anchor, links)));
    return;
  }
  const languages = languagesOf(req);
  const linkType = asked === undefined ? undefined : parseLinkType(asked);
  // A link type this product lacks, or one outside GS1's vocabulary, gets the default link, as
  // the standard asks of a resolver, rather than an error a phone would show.
  const chosen =
    (linkType === undefined ? undefined : chooseLink(links, linkType, languages)) ??
    (key.serial === undefined
      ? (chooseLink(links, 'gs1:defaultLink', languages) ?? chooseLink(links, 'gs1:pip', languages))
      : undefined);
  if (chosen !== undefined) {
    res.redirect(307, chosen.href);
    return;
  }
  if (key.serial !== undefined) {
    res.redirect(307, `${base}${checkPagePath({ ...key, serial: key.serial })}`);
    return;
  }
  res
    .status(200)
    .type(LINKSET_TYPE)
    .send(JSON.stringify(linkset(anchor, links)));
}

/**
 * The consortium's GS1 Digital Link resolver (GS1 Digital Link 1.2, GS1-Conformant Resolver):
 * `GET /01/{gtin}[/10/{lot}][/21/{serial}]` answered from the product's links on the ledger,
 * and `/.well-known/gs1resolver`. No sign-in; answers are cacheable and open to any origin.
 */
export function resolverRouter(services: ResolverServices): express.Router {
  const router = express.Router();
  router.use(['/01', '/.well-known/gs1resolver'], (req, res, next) => {
    res.set({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': 'Link, Location',
    });
    if (req.method === 'OPTIONS') {
      res.set('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS').status(204).end();
      return;
    }
    next();
  });
  router.get('/.well-known/gs1resolver', (req, res) => {
    res
      .set('Cache-Control', `public, max-age=${CACHE_SECONDS}`)
      .json(resolverDescription(baseOf(services, req)));
  });
  const answer = (req: Request, res: Response, next: NextFunction, uri: string, sameAs?: string) =>
    resolve(services, req, res, uri, sameAs).catch((error: unknown) => {
      res.set('Cache-Control', 'no-store');
      res.removeHeader('Link');
      next(error);
    });
  router.get(/^\/01\/.+/, (req: Request, res: Response, next: NextFunction) => {
    void answer(req, res, next, `${ANY_HOST}${req.originalUrl}`);
  });
  // A compressed Digital Link is answered where it is, not redirected to its uncompressed form
  // (the standard's advice); the Link header names that form as owl:sameAs.
  router.get(/^\/[A-Za-z0-9_-]{8,}$/, (req: Request, res: Response, next: NextFunction) => {
    if (!isCompressedDigitalLinkPath(req.path)) {
      next();
      return;
    }
    let uri: string;
    try {
      uri = decompressDigitalLink(`${ANY_HOST}${req.originalUrl}`);
    } catch {
      next(); // not a compressed link: whatever else the path may be
      return;
    }
    if (!uri.startsWith(`${ANY_HOST}/01/`)) {
      next();
      return;
    }
    const uncompressed = `${baseOf(services, req)}${uri.slice(ANY_HOST.length)}`;
    void answer(req, res, next, uri, uncompressed.split('?')[0]);
  });
  return router;
}
