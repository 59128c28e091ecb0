import { readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import {
  EXPIRY,
  as,
  countBatchPacks,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';

/** Chunks a job may have in flight when its user loses the right to act (CONCURRENCY). */
const IN_FLIGHT = 4;

/** Usernames unique per run: on Fabric the organisations' CAs outlive every test gateway. */
function newUsername(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/**
 * A commissioning job acts for the user who started it: once an administrator disables that
 * user or resets its password, the job sends no further chunk, says why, and a restarted
 * gateway does not resume it.
 */
describe('a commissioning job of a user who may no longer act', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    // Small chunks, so a job of a few thousand serials has many, as a large one has on Fabric.
    gw = await startGateway(100, { jobChunkSerials: 100 });
    await registerProduct(gw);
  });
  afterAll(async () => gw.stop());

  /** A new user of the demo manufacturer's party, signed in. */
  async function manufacturerUser(): Promise<{ username: string; token: string }> {
    const username = newUsername('maker');
    await as(gw, 'manufacturer-admin')
      .post('/users', { username, password: 'maker password', gln: gw.gln['manufacturer'] })
      .expect(201);
    const signedIn = await request(gw.app)
      .post('/api/v1/auth/token')
      .send({ username, password: 'maker password' })
      .expect(200);
    return { username, token: (signedIn.body as { token: string }).token };
  }

  async function startJob(token: string, lot: string, count: number): Promise<string> {
    const started = await request(gw.app)
      .post('/api/v1/batches')
      .set('Authorization', `Bearer ${token}`)
      .send({ gtin: GTIN, lot, expiry: EXPIRY, count })
      .expect(202);
    return (started.body as { job: { id: string } }).job.id;
  }

  /** The packs of a batch on the ledger (none when not even its first chunk committed). */
  async function packsOf(lot: string): Promise<number> {
    const batch = await as(gw, 'manufacturer').get(`/batches/${GTIN}/${lot}`);
    return batch.status === 404 ? 0 : countBatchPacks(gw, GTIN, lot);
  }

  it('sends no chunk after its user is disabled, and says why', async () => {
    const { username, token } = await manufacturerUser();
    const id = await startJob(token, 'STOP-D', 6_000);
    await as(gw, 'manufacturer-admin').post(`/users/${username}/disable`).expect(200);
    // Stopped at once: its status says why before any further chunk would have been sent.
    const atDisable = gw.jobs.get(id);
    expect(atDisable).toMatchObject({ status: 'failed', error: { code: 'USER_DISABLED' } });
    await gw.jobs.idle();
    const job = gw.jobs.get(id);
    expect(job?.error?.message).toMatch(/disabled/);
    expect(job?.status).toBe('failed');
    // Chunks already on their way may still commit, and are counted; no other is sent.
    expect(job?.doneChunks.length).toBeLessThanOrEqual(
      (atDisable?.doneChunks.length ?? 0) + IN_FLIGHT,
    );
    expect(job?.committed).toBeLessThan(job?.total ?? 0);
    expect(await packsOf('STOP-D')).toBe(job?.committed);
  });

  it('sends no chunk after its user’s password is reset, and tells the user why', async () => {
    const { username, token } = await manufacturerUser();
    const id = await startJob(token, 'STOP-P', 6_000);
    await as(gw, 'manufacturer-admin')
      .post(`/users/${username}/password`, { password: 'another password' })
      .expect(200);
    await gw.jobs.idle();
    const fresh = await request(gw.app)
      .post('/api/v1/auth/token')
      .send({ username, password: 'another password' })
      .expect(200);
    const job = await request(gw.app)
      .get(`/api/v1/jobs/${id}`)
      .set('Authorization', `Bearer ${(fresh.body as { token: string }).token}`)
      .expect(200);
    expect(job.body).toMatchObject({
      status: 'failed',
      error: { code: 'CREDENTIALS_CHANGED', message: expect.stringMatching(/password/) },
    });
    expect(job.body.committed).toBeLessThan(job.body.total);
    expect(await packsOf('STOP-P')).toBe(job.body.committed);
  });

  it('is not resumed at start-up when its user was disabled meanwhile', async () => {
    const { username, token } = await manufacturerUser();
    const id = await startJob(token, 'STOP-R', 5_001);
    await gw.jobs.idle();
    expect(gw.jobs.get(id)?.status).toBe('completed');
    // Rewind the job file to how a crash after its first chunk would have left it.
    const file = join(gw.dataDir, 'jobs', `${id}.json`);
    const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...stored, status: 'running', doneChunks: [0] }));
    await as(gw, 'manufacturer-admin').post(`/users/${username}/disable`).expect(200);
    const height = await gw.height();

    gw = await gw.restart();
    await gw.jobs.idle();
    expect(gw.jobs.get(id)).toMatchObject({
      status: 'failed',
      error: { code: 'USER_DISABLED' },
      doneChunks: [0],
    });
    expect(await gw.height()).toBe(height);
  });
});
