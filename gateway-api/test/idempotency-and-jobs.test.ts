import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import {
  CONFIG_DEFAULTS,
  CommissioningJobs,
  UserDirectory,
  UserSessions,
  Wallet,
} from '@packtrace/gateway-api';
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

  describe('sent several times at once, over separate connections', () => {
    let server: Server;
    let base: string;

    beforeAll(async () => {
      server = gw.app.listen(0, '127.0.0.1');
      await once(server, 'listening');
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.close();
      await once(server, 'close');
    });

    /** `copies` identical requests as `username`, all sent before any is answered. */
    const atOnce = (copies: number, username: string, path: string, key: string, body: object) =>
      Promise.all(
        Array.from({ length: copies }, () =>
          request(base)
            .post(`/api/v1${path}`)
            .set('Authorization', `Bearer ${gw.tokens[username] ?? ''}`)
            .set('Idempotency-Key', key)
            .send(body),
        ),
      );

    it('records a scan once and gives every sender the same answer', async () => {
      await as(gw, 'manufacturer')
        .post('/batches', { gtin: GTIN, lot: 'RACE', expiry: EXPIRY, serials: ['R1'] })
        .expect(201);
      const history = async () =>
        (await as(gw, 'regulator').get(`/packs/${GTIN}/R1/history`).expect(200)).body.events
          .length as number;
      const entries = await history();
      const height = await gw.height();
      const code = `(01)${GTIN}(17)${EXPIRY}(10)RACE(21)R1`;
      const answers = await atOnce(4, 'pharmacist', '/scans', 'scan-race', { code });
      expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
      const txIds = new Set(answers.map((answer) => answer.headers['x-transaction-id']));
      expect(txIds.size).toBe(1);
      expect([...txIds][0]).toMatch(/^[0-9a-f]{64}$/);
      expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
      expect(await history()).toBe(entries + 1);
      expect(await gw.height()).toBe(height + 1);
    });

    it('commissions a batch once, answering every sender 201 with the same serials', async () => {
      const height = await gw.height();
      const answers = await atOnce(2, 'manufacturer', '/batches', 'batch-race', {
        gtin: GTIN,
        lot: 'RACE-B',
        expiry: EXPIRY,
        count: 20,
      });
      expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
      expect(new Set(answers.map((answer) => answer.headers['x-transaction-id'])).size).toBe(1);
      expect(answers[1]?.body.serials).toEqual(answers[0]?.body.serials);
      expect(await countBatchPacks(gw, GTIN, 'RACE-B')).toBe(20);
      expect(await gw.height()).toBe(height + 1);
    });
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
      { chunkSerials: CONFIG_DEFAULTS.jobChunkSerials, perParty: CONFIG_DEFAULTS.jobsPerParty },
    );
    await restarted.resume();
    await restarted.idle();
    expect(restarted.get(id)).toMatchObject({ status: 'completed', doneChunks: [0, 1, 2] });
    expect(await countBatchPacks(gw, GTIN, 'CRASH')).toBe(100_001);
  });
});
