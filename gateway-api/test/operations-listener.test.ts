import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { openEmbeddedGateway, type AssembledGateway } from '@packtrace/gateway-api';

const PASSWORD = 'correct horse battery';

describe('the operations listener', () => {
  let gateway: AssembledGateway;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'packtrace-ops-'));
    gateway = await openEmbeddedGateway({
      dataDir,
      password: PASSWORD,
      log: pino({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    await gateway.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('exposes request and ledger-call latency and errors by code to Prometheus', async () => {
    const signIn = await request(gateway.app)
      .post('/api/v1/auth/token')
      .send({ username: 'pharmacist', password: PASSWORD })
      .expect(200);
    await request(gateway.app)
      .get('/api/v1/products/09506000134352')
      .set('Authorization', `Bearer ${(signIn.body as { token: string }).token}`)
      .expect(404);
    const metrics = await request(gateway.operations).get('/metrics').expect(200);
    expect(metrics.text).toContain('packtrace_http_request_duration_seconds_bucket');
    expect(metrics.text).toMatch(
      /packtrace_ledger_call_duration_seconds_count\{transaction="products:GetProduct",kind="evaluate"\} 1/,
    );
    expect(metrics.text).toMatch(/packtrace_api_errors_total\{code="PRODUCT_NOT_FOUND"\} 1/);
  });

  it('answers the probes too, and nothing else', async () => {
    await request(gateway.operations).get('/healthz').expect(200, { status: 'ok' });
    await request(gateway.operations).get('/readyz').expect(200);
    const other = await request(gateway.operations).get('/api/v1/me').expect(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
  });
});
