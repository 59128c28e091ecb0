import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { CommissioningJobs, UserDirectory, UserSessions, Wallet } from '@packtrace/gateway-api';
import {
  EXPIRY,
  as,
  countBatchPacks,
  startGateway,
  registerProduct,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';

describe('writes under an Idempotency-Key', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
  });
  afterAll(async () => gw.stop());

  const flag = (key: string, note: string) =>
    request(gw.app)
      .post('/api/v1/alerts')
      .set('Authorization', `Bearer ${gw.tokens['pharmacist'] ?? ''}`)
      .set('Idempotency-Key', key)
      .send({ gtin: GTIN, serial: 'X1', note });

  it('acts once and replays the first answer to a retry', async () => {
    const first = await flag('retry-1', 'suspect').expect(201);
    const height = await gw.height();
    const retry = await flag('retry-1', 'suspect').expect(201);
    expect(retry.headers['idempotent-replay']).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    // The replay names the transaction that made the answer, as every write does.
    expect(first.headers['x-transaction-id']).toMatch(/^[0-9a-f]{64}$/);
    expect(retry.headers['x-transaction-id']).toBe(first.headers['x-transaction-id']);
    expect(await gw.height()).toBe(height);
  });

  it('refuses a key reused for a different request', async () => {
    await flag('retry-2', 'one').expect(201);
    const reused = await flag('retry-2', 'two').expect(409);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('commissioning a large batch as a job', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
  });
  afterAll(async () => gw.stop());

  it('splits 120,000 serials into transactions and reports progress to completion', async () => {
    const started = await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: 'BIG', expiry: EXPIRY, count: 120_000 })
      .expect(202);
    const id = started.body.job.id as string;
    expect(started.headers['location']).toBe(`/api/v1/jobs/${id}`);
    expect(started.body.job).toMatchObject({ total: 120_000, chunks: 3, status: 'running' });
    await gw.jobs.idle();
    const job = await as(gw, 'manufacturer').get(`/jobs/${id}`).expect(200);
    expect(job.body).toMatchObject({
      status: 'completed',
      committed: 120_000,
      doneChunks: [0, 1, 2],
    });
    expect((await as(gw, 'distributor').get(`/jobs/${id}`)).status).toBe(403);
    const count = await countBatchPacks(gw, GTIN, 'BIG');
    expect(count).toBe(120_000);
  });

  it('records every chunk when several finish together (four in flight)', async () => {
    const started = await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: 'WIDE', expiry: EXPIRY, count: 250_000 })
      .expect(202);
    const id = started.body.job.id as string;
    await gw.jobs.idle();
    const job = await as(gw, 'manufacturer').get(`/jobs/${id}`).expect(200);
    expect(job.body.chunks).toBeGreaterThan(4);
    expect(job.body).toMatchObject({
      status: 'completed',
      committed: 250_000,
      doneChunks: Array.from({ length: job.body.chunks as number }, (_, index) => index),
      error: null,
    });
  });

  it('refuses a large batch of a product that is not registered at once, not as a failed job', async () => {
    const response = await as(gw, 'manufacturer').post('/batches', {
      gtin: '09506000134369',
      lot: 'NOPE',
      expiry: EXPIRY,
      count: 60_000,
    });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('PRODUCT_NOT_FOUND');
  });

  it('resumes a job interrupted by a crash, losing nothing and duplicating nothing', async () => {
    const started = await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: 'CRASH', expiry: EXPIRY, count: 100_001 })
      .expect(202);
    const id = started.body.job.id as string;
    await gw.jobs.idle();
    // Rewind the job file to how a crash after the first chunk would have left it.
    const file = join(gw.dataDir, 'jobs', `${id}.json`);
    const job = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(
      file,
      JSON.stringify({ ...job, status: 'running', doneChunks: [0], committed: 50_000 }),
    );
    const users = await UserDirectory.open(gw.dataDir, new Wallet(join(gw.dataDir, 'wallet')));
    const restarted = new CommissioningJobs(
      join(gw.dataDir, 'jobs'),
      new UserSessions(gw.ledger, users),
      users,
      pino({ level: 'silent' }),
    );
    await restarted.resume();
    await restarted.idle();
    expect(restarted.get(id)).toMatchObject({ status: 'completed', doneChunks: [0, 1, 2] });
    expect(await countBatchPacks(gw, GTIN, 'CRASH')).toBe(100_001);
  });
});
