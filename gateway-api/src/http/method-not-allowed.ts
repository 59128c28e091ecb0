import type { NextFunction, Request, Response, Router } from 'express';
import { ApiError } from '../errors/api-error';

/** A path the API serves and one method it serves it with. */
export interface ServedRoute {
  readonly method: string;
  readonly path: string;
}

/**
 * After the routes are mounted: a request for a path the API serves, with a method none of its
 * routes takes, gets 405 `METHOD_NOT_ALLOWED` with `Allow` naming the methods it does take (RFC
 * 9110 §15.5.6), rather than the 404 of a path that does not exist. `OPTIONS` is answered with
 * the same `Allow` and no body. Mount it after the routes it covers, so they answer first.
 */
export function refuseOtherMethods(router: Router, routes: readonly ServedRoute[]): void {
  const methodsByPath = new Map<string, Set<string>>();
  for (const route of routes) {
    const methods = methodsByPath.get(route.path) ?? new Set<string>();
    methods.add(route.method.toUpperCase());
    // Express answers HEAD with the GET route.
    if (route.method.toUpperCase() === 'GET') {
      methods.add('HEAD');
    }
    methodsByPath.set(route.path, methods);
  }
  for (const [path, methods] of methodsByPath) {
    const allow = [...methods, 'OPTIONS'].join(', ');
    router.all(path, (req: Request, res: Response, next: NextFunction) => {
      res.set('Allow', allow);
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
      next(
        new ApiError(
          405,
          'METHOD_NOT_ALLOWED',
          `${req.method} is not allowed on this endpoint; it takes ${allow}`,
        ),
      );
    });
  }
}
