import { request as httpRequest } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import request from 'supertest';
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';

/** POSTs a raw body to a listening gateway; resolves with the status and the reply's text. */
function postRaw(
  server: Server,
  path: string,
  token: string,
  body: string | Buffer,
): Promise<{ status: number; text: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('bounded refusals of large or ill-formed input', () => {
  let gw: TestGateway;
  let height: number;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
  });
  afterAll(async () => gw.stop());
  beforeEach(async () => {
    height = await gw.height();
  });
  afterEach(async () => {
    expect(await gw.height()).toBe(height);
  });

  it('lists at most 20 issues of a refused request, with their total', async () => {
    const serials = Array.from({ length: 500 }, (_, i) => `bad serial ${i}`);
    const response = await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: 'L1', expiry: EXPIRY, serials })
      .expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details.totalIssues).toBe(500);
    expect(response.body.error.details.issues).toHaveLength(20);
    expect(response.body.error.details.issues[0]).toMatchObject({
      where: 'body',
      path: 'serials.0',
    });
    expect(response.body.error.details.issues[19].path).toBe('serials.19');
  });

  it('counts a body with too many serials as one issue, before checking any serial', async () => {
    const serials = Array.from({ length: 1_000_001 }, () => 'bad serial');
    const response = await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: 'L1', expiry: EXPIRY, serials })
      .expect(400);
    expect(response.body.error.details).toEqual({
      issues: [expect.objectContaining({ path: 'serials' })],
      totalIssues: 1,
    });
  });

  it('answers a million bad serials briefly, and /healthz stays responsive meanwhile', async () => {
    const server = gw.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const body = JSON.stringify({
        gtin: GTIN,
        lot: 'L1',
        expiry: EXPIRY,
        serials: Array.from({ length: 1_000_000 }, (_, i) => `bad serial ${i}`),
      });
      let done = false;
      const refusal = postRaw(server, '/api/v1/batches', gw.tokens['manufacturer'] ?? '', body);
      void refusal.finally(() => {
        done = true;
      });
      const latencies: number[] = [];
      while (!done) {
        const started = performance.now();
        await request(server).get('/healthz').expect(200);
        latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const { status, text } = await refusal;
      expect(status).toBe(400);
      expect(text.length).toBeLessThan(5_000);
      const reply = JSON.parse(text) as {
        error: { code: string; details: { issues: unknown[]; totalIssues: number } };
      };
      expect(reply.error.code).toBe('VALIDATION_FAILED');
      expect(reply.error.details.issues).toHaveLength(20);
      expect(reply.error.details.totalIssues).toBe(1_000_000);
      // Parsing the 16 MB body itself holds the loop for a moment; checking the serials must not.
      expect(latencies.length).toBeGreaterThan(3);
      expect(Math.max(...latencies)).toBeLessThan(1_500);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);

  it.each([
    ['a lone high surrogate', 'Para\ud800cetamol'],
    ['a lone low surrogate', '\udc00Paracetamol'],
    ['a control character', 'Para\u0007cetamol'],
  ])('refuses a product name with %s rather than altering it', async (_what, name) => {
    const response = await as(gw, 'manufacturer')
      .post('/products', { gtin: '09506000134369', name, form: 'f', strength: 's', packSize: 1 })
      .expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details.issues[0]).toMatchObject({ path: 'name' });
    expect(response.body.error.details.issues[0].message).toMatch(
      /well-formed Unicode|control characters/,
    );
  });

  it('accepts a name with characters beyond the Basic Multilingual Plane, intact', async () => {
    const name = 'Paracetamol 💊 500 mg';
    await as(gw, 'manufacturer')
      .post('/products', { gtin: '09506000134376', name, form: 'f', strength: 's', packSize: 1 })
      .expect(201);
    height = await gw.height();
    const product = await as(gw, 'pharmacist').get('/products/09506000134376').expect(200);
    expect(product.body.name).toBe(name);
  });

  it('refuses a body that is not UTF-8 rather than replacing its bytes', async () => {
    const server = gw.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const body = Buffer.concat([
        Buffer.from('{"gtin":"09506000134383","name":"Para'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('","form":"f","strength":"s","packSize":1}'),
      ]);
      const { status, text } = await postRaw(
        server,
        '/api/v1/products',
        gw.tokens['manufacturer'] ?? '',
        body,
      );
      expect(status).toBe(400);
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
