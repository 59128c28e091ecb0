import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  maxHeaderSize,
  STATUS_CODES,
  type Server,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { createSecureContext } from 'node:tls';
import type { RequestListener } from 'node:http';
import { ConfigError } from '../config/gateway-config';
import { ApiError } from '../errors/api-error';

/** A certificate chain and its private key, PEM, for the gateway to serve HTTPS with. */
export interface TlsCredentials {
  readonly cert: Buffer;
  readonly key: Buffer;
}

/**
 * Reads TLS_CERT_FILE and TLS_KEY_FILE at start-up and checks that they are a certificate and
 * the private key that matches it, so a wrong file stops the gateway with a sentence rather
 * than failing every handshake later.
 */
export function readTlsCredentials(certFile: string, keyFile: string): TlsCredentials {
  const read = (file: string, variable: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new ConfigError(
        `${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  };
  const cert = read(certFile, 'TLS_CERT_FILE');
  const key = read(keyFile, 'TLS_KEY_FILE');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    throw new ConfigError(`TLS_CERT_FILE: ${certFile} is not a PEM certificate`);
  }
  try {
    if (!certificate.checkPrivateKey(createPrivateKey(key))) {
      throw new ConfigError(
        `TLS_KEY_FILE: ${keyFile} is not the private key of the certificate in ${certFile}`,
      );
    }
    createSecureContext({ cert, key });
  } catch (error) {
    if (error instanceof ConfigError) {
      throw error;
    }
    throw new ConfigError(`TLS_KEY_FILE: ${keyFile} is not a usable PEM private key`);
  }
  return { cert, key };
}

/** The status, code and sentence for a request Node's parser refused before the app saw it. */
function clientRefusal(error: NodeJS.ErrnoException): ApiError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError(
        431,
        'HEADERS_TOO_LARGE',
        `the request headers exceed ${Math.floor(maxHeaderSize / 1024)} KiB`,
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError(408, 'REQUEST_TIMEOUT', 'the request took too long to arrive');
    default:
      return new ApiError(400, 'MALFORMED_REQUEST', 'the request is not valid HTTP/1.1');
  }
}

/**
 * Answers what Node's HTTP parser refuses (oversized headers, malformed requests) in the API's
 * error shape, instead of Node's bare status line with an empty body.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const refusal = clientRefusal(error);
  const body = JSON.stringify(refusal.body());
  socket.end(
    [
      `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Cache-Control: no-store',
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}

/**
 * The gateway's listener for an app: HTTPS when given credentials, plain HTTP otherwise, and in
 * either case refusing unreadable requests in the API's JSON error shape.
 */
export function createGatewayServer(app: RequestListener, tls?: TlsCredentials): Server {
  const server = tls === undefined ? createHttpServer(app) : createHttpsServer({ ...tls }, app);
  server.on('clientError', answerClientError);
  return server;
}
