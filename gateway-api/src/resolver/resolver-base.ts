import type { Request } from 'express';

/**
 * The consortium resolver's base URL without a trailing slash: `RESOLVER_BASE_URL` when given,
 * else the origin the request was sent to, which is this gateway's public address as the client
 * reached it (labels then lead back to the gateway that printed them).
 */
export function resolverBaseOf(req: Request, configured: string | undefined): string {
  return (configured ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`).replace(/\/+$/, '');
}
