import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { pinoHttp } from 'pino-http';

const CENSOR = '[redacted]';

/** Names of fields and query parameters whose values are credentials. */
const SENSITIVE_NAME =
  /^(authorization|proxy-authorization|cookie|set-cookie|password|newpassword|currentpassword|token|access_token|refresh_token|secret|key|privatekey|private_key|api_key|apikey|x-api-key)$/i;

/**
 * Where credentials could appear in a log line, at any depth a log call here produces: a
 * request's or response's headers, a body or error object, a field of a logged object.
 */
const SENSITIVE_PATHS = [
  'authorization',
  'cookie',
  'password',
  'token',
  'secret',
  'key',
  'privateKey',
  '*.authorization',
  '*.cookie',
  '*.password',
  '*.token',
  '*.secret',
  '*.key',
  '*.privateKey',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers["proxy-authorization"]',
  '*.body.password',
  '*.body.token',
];

/**
 * The gateway's logger: JSON lines at `level`, with credentials censored wherever a log call
 * might carry them. The request log below never includes headers or bodies in the first place.
 */
export function gatewayLogger(
  options: Pick<LoggerOptions, 'level'>,
  destination?: DestinationStream,
): Logger {
  const settings: LoggerOptions = {
    ...options,
    redact: { paths: SENSITIVE_PATHS, censor: CENSOR },
  };
  return destination === undefined ? pino(settings) : pino(settings, destination);
}

/** The path of a request with the values of credential-like query parameters censored. */
export function loggedUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) {
    return url;
  }
  const parameters = new URLSearchParams(url.slice(query + 1));
  for (const name of new Set(parameters.keys())) {
    if (SENSITIVE_NAME.test(name)) {
      parameters.set(name, CENSOR);
    }
  }
  return `${url.slice(0, query)}?${parameters.toString()}`;
}

/** Probes a monitor calls every few seconds: logged only when they fail. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

function isProbe(req: IncomingMessage): boolean {
  return PROBES.has((req.url ?? '').split('?')[0] ?? '');
}

/**
 * One concise line per request (id, method, path, status, time), never its headers or body,
 * so no bearer token, cookie or password reaches the log; successful probes are not logged.
 * Every line logged while serving the request carries its id.
 */
export function requestLog(log: Logger) {
  return pinoHttp({
    logger: log,
    quietReqLogger: true,
    genReqId: (req, res) => {
      const id = req.headers['x-request-id'];
      const requestId =
        typeof id === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : randomUUID();
      res.setHeader('X-Request-Id', requestId);
      return requestId;
    },
    customLogLevel: (req, res, error) => {
      if (error !== undefined || res.statusCode >= 500) {
        return 'error';
      }
      if (res.statusCode >= 400) {
        return 'warn';
      }
      return isProbe(req) ? 'silent' : 'info';
    },
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { originalUrl?: string }) => ({
        method: req.method,
        url: loggedUrl(req.originalUrl ?? req.url ?? ''),
        remoteAddress: req.socket.remoteAddress,
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
  });
}
