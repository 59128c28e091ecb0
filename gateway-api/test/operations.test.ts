import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { as, startGateway, type TestGateway } from './support/test-gateway';

describe('operating the gateway', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => gw.stop());

  it('answers health and readiness', async () => {
    await request(gw.app).get('/healthz').expect(200, { status: 'ok' });
    const ready = await request(gw.app).get('/readyz').expect(200);
    expect(ready.body).toEqual({ status: 'ready', ledger: process.env['LEDGER'] ?? 'embedded' });
  });

  it('keeps /metrics off the API listener (the operations listener serves it)', async () => {
    const response = await request(gw.app).get('/metrics').expect(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

  it('forbids caching API answers, refusals included', async () => {
    const me = await as(gw, 'pharmacist').get('/me').expect(200);
    expect(me.headers['cache-control']).toBe('no-store');
    const refused = await request(gw.app).get('/api/v1/me').expect(401);
    expect(refused.headers['cache-control']).toBe('no-store');
    const signIn = await request(gw.app)
      .post('/api/v1/auth/token')
      .send({ username: 'pharmacist', password: 'wrong password' })
      .expect(401);
    expect(signIn.headers['cache-control']).toBe('no-store');
  });

  it('publishes an OpenAPI 3.1 document generated from the request schemas', async () => {
    const document = await request(gw.app).get('/openapi.json').expect(200);
    expect(document.body.openapi).toBe('3.1.0');
    const paths = Object.keys(document.body.paths as object);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/token',
        '/api/v1/verify',
        '/api/v1/packs/{gtin}/{serial}/history',
        '/api/v1/batches',
      ]),
    );
    const verify = document.body.paths['/api/v1/verify'].post;
    expect(verify.requestBody.content['application/json'].schema.properties.code).toBeDefined();
    expect(verify.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  });

  it('serves an interactive API reference without the internet', async () => {
    const page = await request(gw.app).get('/docs').expect(200);
    expect(page.text).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/https?:\/\//);
    await request(gw.app)
      .get('/docs/assets/swagger-ui-bundle.js')
      .expect(200)
      .expect('content-type', /javascript/);
    const init = await request(gw.app).get('/docs/init.js').expect(200);
    expect(init.text).toContain("url: '/openapi.json'");
  });

  it('sends security headers, with a CSP that lets the scanner compile WebAssembly', async () => {
    const response = await request(gw.app).get('/healthz');
    expect(response.headers['content-security-policy']).toContain(
      "script-src 'self' 'wasm-unsafe-eval'",
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('tags every response with a request id, keeping a valid one sent by the client', async () => {
    const given = await request(gw.app).get('/healthz').set('X-Request-Id', 'trace-42');
    expect(given.headers['x-request-id']).toBe('trace-42');
    const generated = await request(gw.app)
      .get('/healthz')
      .set('X-Request-Id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an internal failure with a 500 that reveals nothing of its cause', async () => {
    await rm(join(gw.dataDir, 'wallet', 'distributor', 'key.pem'));
    const response = await as(gw, 'distributor').get('/inventory');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      error: { code: 'INTERNAL', message: 'something went wrong on our side; it has been logged' },
    });
  });
});
