import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * The page's Content Security Policy: everything from the gateway itself, nothing inline (styles
 * included: the page and the API reference load theirs from files), no plugins, no framing by
 * other sites.
 */
const DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  // The scanner page compiles its barcode decoder from WebAssembly.
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  mediaSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
};

/**
 * Security headers by transport. Over HTTPS, the CSP upgrades insecure requests and HSTS pins
 * the site to HTTPS. Over plain HTTP (a gateway on a LAN address, or behind nothing) neither is
 * sent: upgrading would send the page's requests to an HTTPS port nobody serves.
 */
export function securityHeaders(): RequestHandler {
  const overHttps = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...DIRECTIVES, upgradeInsecureRequests: [] },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
  const overHttp = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: DIRECTIVES },
    strictTransportSecurity: false,
  });
  return (req: Request, res: Response, next: NextFunction) => {
    (req.secure ? overHttps : overHttp)(req, res, next);
  };
}

/**
 * API answers carry pack, party and user data: no browser or proxy may keep a copy
 * (`Cache-Control: no-store`), errors included.
 */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.set('Cache-Control', 'no-store');
  next();
}
