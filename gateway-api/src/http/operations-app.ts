import express, { type Express, type IRouter } from 'express';
import { ApiError } from '../errors/api-error';
import type { UserSessions } from '../ledger/user-sessions';
import type { GatewayMetrics } from './gateway-metrics';

/** What the probes and the metrics are read from. */
export interface OperationsServices {
  readonly sessions: UserSessions;
  readonly metrics: GatewayMetrics;
}

/**
 * `GET /healthz` (the process answers) and `GET /readyz` (the ledger answers). They reveal
 * nothing but up or down, so a load balancer may call them on the public listener too.
 */
export function mountProbes(app: IRouter, services: OperationsServices): void {
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
}

/**
 * The operations listener's app: the probes and `GET /metrics`. Metrics name every transaction
 * and error code with their counts, which is no business of the API's users, so they are served
 * only here, on a listener bound to the loopback address unless OPS_HOST says otherwise.
 */
export function createOperationsApp(services: OperationsServices): Express {
  const app = express();
  app.disable('x-powered-by');
  mountProbes(app, services);
  app.get('/metrics', (_req, res, next) => {
    services.metrics.registry
      .metrics()
      .then((text) => {
        res.type(services.metrics.registry.contentType).send(text);
      })
      .catch(next);
  });
  app.use((_req, res) => {
    res
      .status(404)
      .json(
        new ApiError(
          404,
          'NOT_FOUND',
          'the operations listener serves /healthz, /readyz and /metrics',
        ).body(),
      );
  });
  app.use(
    (
      _error: unknown,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      res
        .status(500)
        .json(new ApiError(500, 'INTERNAL', 'the metrics could not be collected').body());
    },
  );
  return app;
}
