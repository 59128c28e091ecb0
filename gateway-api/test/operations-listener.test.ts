import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { Tx } from '@packtrace/chaincode/client';
import { openEmbeddedGateway, type AssembledGateway } from '@packtrace/gateway-api';
import { testDatabaseUrl } from '../../test/support/test-database';

const PASSWORD = 'correct horse battery';
const GTIN = '09506000134352';

describe('the operations listener', () => {
  let gateway: AssembledGateway;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'packtrace-ops-'));
    gateway = await openEmbeddedGateway({
      dataDir,
      databaseUrl: await testDatabaseUrl(),
      password: PASSWORD,
      log: pino({ level: 'silent' }),
      jobChunkSerials: 2_000,
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
      .get(`/api/v1/products/${GTIN}`)
      .set('Authorization', `Bearer ${(signIn.body as { token: string }).token}`)
      .expect(404);
    const metrics = await request(gateway.operations).get('/metrics').expect(200);
    expect(metrics.text).toContain('packtrace_http_request_duration_seconds_bucket');
    expect(metrics.text).toContain(
      `packtrace_ledger_call_duration_seconds_count{transaction="${Tx.GetProduct.name}",kind="evaluate"} 1\n`,
    );
    expect(metrics.text).toMatch(/packtrace_api_errors_total\{code="PRODUCT_NOT_FOUND"\} 1/);
  });

  it('times a commissioning job’s submits with every other ledger call', async () => {
    const signIn = await request(gateway.app)
      .post('/api/v1/auth/token')
      .send({ username: 'manufacturer', password: PASSWORD })
      .expect(200);
    const bearer = `Bearer ${(signIn.body as { token: string }).token}`;
    await request(gateway.app)
      .post('/api/v1/products')
      .set('Authorization', bearer)
      .send({ gtin: GTIN, name: 'P', form: 'tablet', strength: '1 mg', packSize: 10 })
      .expect(201);
    // More serials than are committed at once: a job, in chunks of JOB_CHUNK_SERIALS.
    const job = await request(gateway.app)
      .post('/api/v1/batches')
      .set('Authorization', bearer)
      .send({ gtin: GTIN, lot: 'TIMED', expiry: '991231', count: 5_001 })
      .expect(202);
    await gateway.jobs.idle();
    const done = await request(gateway.app)
      .get(`/api/v1/jobs/${(job.body as { job: { id: string } }).job.id}`)
      .set('Authorization', bearer)
      .expect(200);
    expect(done.body).toMatchObject({ status: 'completed', chunks: 3 });
    const metrics = await request(gateway.operations).get('/metrics').expect(200);
    expect(metrics.text).toContain(
      `packtrace_ledger_call_duration_seconds_count{transaction="${Tx.CommissionPacks.name}",kind="submit"} 3\n`,
    );
  });

  it('answers the probes too, and nothing else', async () => {
    await request(gateway.operations).get('/healthz').expect(200, { status: 'ok' });
    await request(gateway.operations).get('/readyz').expect(200);
    const other = await request(gateway.operations).get('/api/v1/me').expect(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
  });
});
