import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CertificateAuthority } from '@packtrace/embedded-ledger';
import { ConfigError, loadConfig } from '../src/config/gateway-config';
import { createGatewayServer, readTlsCredentials } from '../src/http/gateway-server';
import { startGateway, type TestGateway } from './support/test-gateway';

/** Listens on a free loopback port. */
async function listening(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return (server.address() as AddressInfo).port;
}

function closed(server: Server): Promise<unknown> {
  return new Promise((resolve) => server.close(resolve));
}

/** Sends raw bytes and reads the reply until the server closes the connection. */
function exchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('utf8')));
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
    socket.end(raw);
  });
}

function parseReply(reply: string): { statusLine: string; head: string; body: unknown } {
  const [head = '', body = ''] = reply.split('\r\n\r\n');
  return { statusLine: head.split('\r\n')[0] ?? '', head, body: JSON.parse(body) };
}

describe('the gateway’s listeners', () => {
  let gw: TestGateway;
  let dir: string;
  let certFile: string;
  let keyFile: string;
  let caPem: string;
  let strayKeyFile: string;

  beforeAll(async () => {
    gw = await startGateway();
    dir = await mkdtemp(join(tmpdir(), 'packtrace-tls-'));
    // A throw-away CA and a server certificate from it, made with the project's own X.509 helper.
    const ca = await CertificateAuthority.create('TlsTestMSP', { commonName: 'packtrace test CA' });
    const server = await ca.enrol('localhost', {});
    caPem = ca.certificate;
    certFile = join(dir, 'cert.pem');
    keyFile = join(dir, 'key.pem');
    strayKeyFile = join(dir, 'stray-key.pem');
    await writeFile(certFile, server.certificate);
    await writeFile(keyFile, server.privateKey);
    await writeFile(strayKeyFile, (await ca.enrol('other', {})).privateKey);
  });
  afterAll(async () => {
    await gw.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a 60 KB header with 431 in the API’s JSON error shape', async () => {
    const server = createGatewayServer(gw.app);
    const port = await listening(server);
    try {
      const reply = parseReply(
        await exchange(
          port,
          `GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(60 * 1024)}\r\n\r\n`,
        ),
      );
      expect(reply.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
      expect(reply.head).toMatch(/content-type: application\/json/i);
      expect(reply.body).toEqual({
        error: { code: 'HEADERS_TOO_LARGE', message: expect.stringMatching(/KiB/) },
      });
    } finally {
      await closed(server);
    }
  });

  it('answers a request that is not HTTP with 400 in the same shape', async () => {
    const server = createGatewayServer(gw.app);
    const port = await listening(server);
    try {
      const reply = parseReply(await exchange(port, 'HELLO\r\n\r\n'));
      expect(reply.statusLine).toBe('HTTP/1.1 400 Bad Request');
      expect(reply.body).toMatchObject({ error: { code: 'MALFORMED_REQUEST' } });
    } finally {
      await closed(server);
    }
  });

  it('over plain HTTP sends neither HSTS nor upgrade-insecure-requests, and a strict style-src', async () => {
    const response = await request(gw.app).get('/healthz').expect(200);
    expect(response.headers['strict-transport-security']).toBeUndefined();
    const csp = response.headers['content-security-policy'] as string;
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(csp).toContain("style-src 'self';");
    expect(csp).not.toMatch(/https:|'unsafe-inline'/);
  });

  it('serves HTTPS from a certificate and key, with HSTS and upgrade-insecure-requests', async () => {
    const server = createGatewayServer(gw.app, readTlsCredentials(certFile, keyFile));
    const port = await listening(server);
    try {
      const { status, headers } = await new Promise<{
        status: number;
        headers: IncomingHttpHeaders;
      }>((resolve, reject) => {
        const req = httpsRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/healthz',
            ca: caPem,
            // The certificate names `localhost`; the chain, not the name, is what is tested.
            checkServerIdentity: () => undefined,
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(200);
      expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(headers['content-security-policy']).toContain('upgrade-insecure-requests');
    } finally {
      await closed(server);
    }
  });

  it('refuses at start-up a key that is not the certificate’s, or a file it cannot read', () => {
    expect(() => readTlsCredentials(certFile, strayKeyFile)).toThrow(
      /TLS_KEY_FILE: .* is not the private key of the certificate/,
    );
    expect(() => readTlsCredentials(join(dir, 'missing.pem'), keyFile)).toThrow(
      /TLS_CERT_FILE: cannot read/,
    );
    expect(() => readTlsCredentials(keyFile, keyFile)).toThrow(ConfigError);
  });

  it('takes TLS files both or neither, and binds the operations listener to loopback by default', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: certFile })).toThrow(/give both/);
    const plain = loadConfig({});
    expect(plain.tls).toBeUndefined();
    expect(plain.opsHost).toBe('127.0.0.1');
    expect(loadConfig({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile }).tls).toEqual({
      certFile,
      keyFile,
    });
    expect(() => loadConfig({ PORT: '9000', OPS_PORT: '9000' })).toThrow(/OPS_PORT/);
  });
});
