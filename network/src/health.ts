/**
 * Probes of a node's health: the operations endpoints of peers and orderers (HTTPS, verified
 * against the organisation's CA), the CA's `/cainfo`, and plain TCP for chaincode servers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request } from 'node:https';
import { connect } from 'node:net';

/** Answer of an HTTPS GET, or undefined when nothing answered. */
export interface HttpsAnswer {
  readonly status: number;
  readonly body: string;
}

/** A client TLS pair, for endpoints that want one (operations `/metrics`). */
export interface ClientTls {
  readonly cert: string;
  readonly key: string;
}

/**
 * GETs `https://host:port/path`, trusting `caFile` (and showing `client` if given); undefined if
 * nothing answered within `timeoutMs`.
 */
export function httpsGet(
  host: string,
  port: number,
  path: string,
  caFile: string,
  client?: ClientTls,
  timeoutMs = 2000,
): Promise<HttpsAnswer | undefined> {
  if (!existsSync(caFile)) {
    return Promise.resolve(undefined);
  }
  const ca = readFileSync(caFile);
  const identity = client ? { cert: readFileSync(client.cert), key: readFileSync(client.key) } : {};
  return new Promise((resolve) => {
    const options = { host, port, path, ca, ...identity, method: 'GET', timeout: timeoutMs };
    const req = request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/** GETs `http://host:port/path` (the gateway's operations listener); undefined if no answer. */
export function httpGet(
  host: string,
  port: number,
  path: string,
  timeoutMs = 2000,
): Promise<HttpsAnswer | undefined> {
  return new Promise((resolve) => {
    const req = httpRequest({ host, port, path, method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: '' }));
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/** True if something accepts TCP connections on host:port. */
export function tcpOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.on('connect', () => done(true));
    socket.on('timeout', () => done(false));
    socket.on('error', () => done(false));
  });
}

/**
 * Reads the values of one Prometheus gauge by its `channel` label, e.g. peers'
 * `ledger_blockchain_height` or `gossip_membership_total_peers_known`.
 */
export function gaugeByChannel(metrics: string, name: string): Map<string, number> {
  const values = new Map<string, number>();
  const pattern = new RegExp(`^${name}\\{[^}]*channel="([^"]+)"[^}]*\\} ([0-9.eE+-]+)$`, 'gm');
  for (const match of metrics.matchAll(pattern)) {
    if (match[1] !== undefined && match[2] !== undefined) {
      values.set(match[1], Number(match[2]));
    }
  }
  return values;
}
