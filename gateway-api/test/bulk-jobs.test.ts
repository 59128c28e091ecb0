import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';

interface Result {
  serial: string;
  outcome: string;
  code: string | null;
}

/** An upper bound for a job to finish, never a pause: the poll returns as soon as it has. */
const JOB_WITHIN_MS = 120_000;

/**
 * Bulk jobs over HTTP, on whichever ledger `LEDGER` selects: a list longer than one transaction
 * is sent in chunks, a chunk refused for some packs is sent again without them, and each pack's
 * result says exactly whether it was done, worst first.
 */
describe('bulk jobs of many packs', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
  });
  afterAll(async () => gw.stop());

  async function commission(lot: string, serials: string[]): Promise<void> {
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot, expiry: EXPIRY, serials })
      .expect(201);
  }

  async function finished(user: string, id: string): Promise<Record<string, unknown>> {
    for (const end = Date.now() + JOB_WITHIN_MS; Date.now() < end;) {
      const job = await as(gw, user).get(`/bulk-jobs/${id}`).expect(200);
      if (job.body.status !== 'running') {
        return job.body as Record<string, unknown>;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`bulk job ${id} still running after ${String(JOB_WITHIN_MS)} ms`);
  }

  const packs = (serials: string[]) => serials.map((serial) => ({ gtin: GTIN, serial }));

  it('decommissions 1,200 packs in three transactions, sending a refused chunk again without its refused packs', async () => {
    const serials = Array.from({ length: 1200 }, (_, i) => `BJ-${String(i).padStart(4, '0')}`);
    await commission('LOT-BJ1', serials);
    const suspect = serials[700] ?? '';
    await as(gw, 'manufacturer')
      .post('/alerts', { gtin: GTIN, serial: suspect, note: 'print looks wrong' })
      .expect(201);
    const listed = [...serials.slice(0, 650), 'BJ-UNKNOWN', ...serials.slice(650)];

    const before = await gw.height();
    const started = await as(gw, 'manufacturer')
      .post('/bulk-jobs', {
        operation: 'decommission',
        reason: 'destroyed',
        note: 'warehouse flood',
        packs: packs(listed),
      })
      .expect(202);
    expect(started.headers['location']).toBe(`/api/v1/bulk-jobs/${started.body.id as string}`);
    const job = await finished('manufacturer', started.body.id as string);
    expect(job).toMatchObject({
      status: 'completed',
      total: 1201,
      done: 1201,
      chunks: 3,
      doneChunks: 3,
      succeeded: 1199,
      failed: 2,
    });
    // Three chunks committed (the refused round of the second wrote nothing): three blocks.
    expect(await gw.height()).toBe(before + 3);

    const results = await as(gw, 'manufacturer')
      .get(`/bulk-jobs/${started.body.id as string}/results`)
      .expect(200);
    const body = results.body as Result[];
    expect(body).toHaveLength(1201);
    expect(body.slice(0, 2).map((r) => [r.serial, r.outcome, r.code])).toEqual([
      ['BJ-UNKNOWN', 'refused', 'PACK_NOT_FOUND'],
      [suspect, 'refused', 'ITEM_QUARANTINED'],
    ]);
    expect(body.slice(2).every((r) => r.outcome === 'done')).toBe(true);
    const neighbour = await as(gw, 'regulator').get(`/packs/${GTIN}/${serials[701] ?? ''}`);
    expect(neighbour.body.pack).toMatchObject({
      status: 'inactive',
      decommission: { reason: 'destroyed' },
    });
    const kept = await as(gw, 'regulator').get(`/packs/${GTIN}/${suspect}`);
    expect(kept.body.pack.status).toBe('quarantined');
  });

  it('dispenses a pharmacy’s packs and verifies a list read-only, the worst result first', async () => {
    const serials = ['BD-1', 'BD-2', 'BD-3'];
    await commission('LOT-BJ2', serials);
    const items = serials.map((serial) => ({ type: 'pack', gtin: GTIN, serial }));
    const shipment = await as(gw, 'manufacturer')
      .post('/shipments', { to: gw.gln['pharmacist'], items })
      .expect(201);
    await as(gw, 'pharmacist')
      .post(`/shipments/${shipment.body.id as string}/receive`, { received: items })
      .expect(200);
    await as(gw, 'pharmacist').post(`/packs/${GTIN}/BD-3/dispense`).expect(200);

    const verifying = await as(gw, 'pharmacist')
      .post('/bulk-jobs', { operation: 'verify', packs: packs(serials) })
      .expect(202);
    expect(await finished('pharmacist', verifying.body.id as string)).toMatchObject({
      status: 'completed',
      succeeded: 2,
      failed: 1,
    });
    const verdicts = await as(gw, 'pharmacist')
      .get(`/bulk-jobs/${verifying.body.id as string}/results`)
      .expect(200);
    expect((verdicts.body as Result[]).map((r) => [r.serial, r.outcome, r.code])).toEqual([
      ['BD-3', 'refused', 'PACK_INACTIVE'],
      ['BD-1', 'done', null],
      ['BD-2', 'done', null],
    ]);

    const dispensing = await as(gw, 'pharmacist')
      .post('/bulk-jobs', { operation: 'dispense', packs: packs(serials) })
      .expect(202);
    expect(await finished('pharmacist', dispensing.body.id as string)).toMatchObject({
      status: 'completed',
      succeeded: 2,
      failed: 1,
    });
    const pack = await as(gw, 'regulator').get(`/packs/${GTIN}/BD-1`).expect(200);
    expect(pack.body.pack.status).toBe('inactive');
  });

  it('refuses a role that may not run the operation, and keeps a job to its organisation', async () => {
    const refused = await as(gw, 'distributor')
      .post('/bulk-jobs', { operation: 'dispense', packs: packs(['ANY']) })
      .expect(403);
    expect(refused.body.error.code).toBe('ROLE_FORBIDDEN');
    const started = await as(gw, 'pharmacist')
      .post('/bulk-jobs', { operation: 'verify', packs: packs(['NONE-1']) })
      .expect(202);
    await as(gw, 'pharmacist2')
      .get(`/bulk-jobs/${started.body.id as string}`)
      .expect(404);
    await as(gw, 'pharmacist2')
      .get(`/bulk-jobs/${started.body.id as string}/results`)
      .expect(404);
    await finished('pharmacist', started.body.id as string);
  });

  it('refuses a decommission job without a reason, a reason on another job, and a pack listed twice', async () => {
    await as(gw, 'manufacturer')
      .post('/bulk-jobs', { operation: 'decommission', packs: packs(['A']) })
      .expect(400);
    await as(gw, 'pharmacist')
      .post('/bulk-jobs', { operation: 'dispense', reason: 'destroyed', packs: packs(['A']) })
      .expect(400);
    await as(gw, 'pharmacist')
      .post('/bulk-jobs', { operation: 'verify', packs: packs(['A', 'A']) })
      .expect(400);
  });

  it('resumes a job interrupted by a restart, counting the transaction it had sent as done', async () => {
    await commission('LOT-BJ3', ['BR-1', 'BR-2', 'BR-3']);
    const first = await as(gw, 'manufacturer')
      .post('/bulk-jobs', { operation: 'decommission', reason: 'sample', packs: packs(['BR-1']) })
      .expect(202);
    await finished('manufacturer', first.body.id as string);
    const sent = await as(gw, 'regulator').get(`/packs/${GTIN}/BR-1`).expect(200);
    // The file a gateway stopped mid-job leaves: the job running, BR-1's transaction sent (and
    // committed) but its outcome not yet heard, BR-2 and BR-3 not sent.
    const folder = join(gw.dataDir, 'bulk-jobs');
    const stored = JSON.parse(
      await readFile(join(folder, `${first.body.id as string}.job.json`), 'utf8'),
    ) as { job: Record<string, unknown> };
    const id = randomUUID();
    const results = ['BR-1', 'BR-2', 'BR-3'].map((serial) => ({
      gtin: GTIN,
      serial,
      outcome: 'not_done',
      code: null,
      message: null,
      reasons: [],
    }));
    await writeFile(
      join(folder, `${id}.job.json`),
      JSON.stringify({
        ...stored,
        job: {
          ...stored.job,
          id,
          total: 3,
          done: 0,
          doneChunks: 0,
          succeeded: 0,
          failed: 0,
          status: 'running',
        },
        results,
        inFlight: { txId: sent.body.pack.decommission.txId as string, indexes: [0] },
      }),
    );
    gw = await gw.restart();
    expect(await finished('manufacturer', id)).toMatchObject({
      status: 'completed',
      done: 3,
      succeeded: 3,
      failed: 0,
    });
    const pack = await as(gw, 'regulator').get(`/packs/${GTIN}/BR-3`).expect(200);
    expect(pack.body.pack.decommission).toMatchObject({ reason: 'sample' });
  });

  it('stops before its next transaction when its user is disabled, saying exactly which packs were done', async () => {
    const serials = Array.from({ length: 2500 }, (_, i) => `BS-${String(i).padStart(4, '0')}`);
    await commission('LOT-BJ4', serials);
    const username = `bulk-maker-${randomUUID().slice(0, 8)}`;
    await as(gw, 'manufacturer-admin')
      .post('/users', { username, password: 'maker password', gln: gw.gln['manufacturer'] })
      .expect(201);
    const signedIn = await request(gw.app)
      .post('/api/v1/auth/token')
      .send({ username, password: 'maker password' })
      .expect(200);
    const started = await request(gw.app)
      .post('/api/v1/bulk-jobs')
      .set('Authorization', `Bearer ${(signedIn.body as { token: string }).token}`)
      .send({ operation: 'decommission', reason: 'destroyed', packs: packs(serials) })
      .expect(202);
    await as(gw, 'manufacturer-admin').post(`/users/${username}/disable`).expect(200);
    // Another user of the same party reads the job.
    const job = await finished('manufacturer', started.body.id as string);
    expect(job).toMatchObject({ status: 'stopped', error: { code: 'USER_DISABLED' } });
    expect(job['done']).toBeLessThan(2500);
    const results = (
      await as(gw, 'manufacturer')
        .get(`/bulk-jobs/${started.body.id as string}/results`)
        .expect(200)
    ).body as Result[];
    const done = new Set(results.filter((r) => r.outcome === 'done').map((r) => r.serial));
    expect(done.size).toBe(job['succeeded']);
    expect(results.every((r) => r.outcome === 'done' || r.outcome === 'not_done')).toBe(true);
    // The results are the ledger's: each chunk's first and last pack, done exactly when inactive.
    for (const index of [0, 499, 500, 999, 1000, 1499, 2000, 2499]) {
      const serial = serials[index] ?? '';
      const view = await as(gw, 'regulator').get(`/packs/${GTIN}/${serial}`).expect(200);
      expect([serial, view.body.pack.status]).toEqual([
        serial,
        done.has(serial) ? 'inactive' : 'active',
      ]);
    }
  });
});
