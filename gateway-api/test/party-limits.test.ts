import { readdir, readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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
/** A product of the second manufacturer, another party (under its own company prefix). */
const OTHER_GTIN = '09506001000014';

/** Serials `P0000`… in order, so a range of them is easy to name. */
const serials = (count: number) =>
  Array.from({ length: count }, (_, i) => `P${String(i).padStart(4, '0')}`);

function errorCode(response: request.Response): string | undefined {
  return (response.body as { error?: { code: string } }).error?.code;
}

/**
 * What one party (a GLN, over all its users) may have running at once: so many commissioning
 * jobs and so many print runs, each print run of so many labels. Beyond, a 429 with a code, a
 * sentence and Retry-After, and nothing is done.
 */
describe('bounds on what one party has running', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway(undefined, {
      // Small chunks, so a job of a few thousand serials has several, as a large one has.
      jobChunkSerials: 1_000,
      jobsPerParty: 2,
      printRunsPerParty: 1,
      printRunMaxLabels: 1_000,
    });
    await registerProduct(gw);
    await as(gw, 'manufacturer2')
      .post('/products', {
        gtin: OTHER_GTIN,
        name: 'Q',
        form: 'tablet',
        strength: '2 mg',
        packSize: 10,
      })
      .expect(201);
  });
  afterAll(async () => gw.stop());

  /** The lots of the jobs this gateway keeps on disk. */
  async function lotsWithJobs(): Promise<string[]> {
    const directory = join(gw.dataDir, 'jobs');
    const files = (await readdir(directory)).filter((file) => file.endsWith('.json'));
    return Promise.all(
      files.map(
        async (file) =>
          (JSON.parse(await readFile(join(directory, file), 'utf8')) as { lot: string }).lot,
      ),
    );
  }

  it('refuses a party’s job beyond its bound with 429, whichever of its users asks, and writes nothing', async () => {
    const job = (username: string, lot: string, gtin = GTIN) =>
      as(gw, username).post('/batches', { gtin, lot, expiry: EXPIRY, count: 5_001 });
    // Two users of the one party ask for three jobs at once; another party asks for one.
    const answers = await Promise.all([
      job('manufacturer', 'JOB-1'),
      job('manufacturer', 'JOB-2'),
      job('manufacturer-admin', 'JOB-3'),
      job('manufacturer2', 'JOB-OTHER', OTHER_GTIN),
    ]);
    const ours = answers.slice(0, 3);
    expect(ours.map((answer) => answer.status).sort()).toEqual([202, 202, 429]);
    expect(answers[3]?.status).toBe(202);
    const refused = ours.find((answer) => answer.status === 429);
    const refusedLot = ['JOB-1', 'JOB-2', 'JOB-3'][ours.indexOf(refused!)];
    expect(errorCode(refused!)).toBe('TOO_MANY_JOBS');
    expect(refused?.body.error.message).toMatch(/jobs running/);
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);

    await gw.jobs.idle();
    // Nothing of the refused request was written: no job, no batch.
    expect(await lotsWithJobs()).not.toContain(refusedLot);
    await as(gw, 'manufacturer').get(`/batches/${GTIN}/${refusedLot}`).expect(404);
    // Once the party's jobs finished, it may start another.
    await job('manufacturer-admin', 'JOB-4').expect(202);
    await gw.jobs.idle();
  });

  describe('print runs', () => {
    let server: http.Server;
    let port: number;

    beforeAll(async () => {
      await as(gw, 'manufacturer')
        .post('/batches', { gtin: GTIN, lot: 'PRINT', expiry: EXPIRY, serials: serials(1_001) })
        .expect(201);
      await as(gw, 'manufacturer')
        .post('/batches', { gtin: GTIN, lot: 'SMALL', expiry: EXPIRY, serials: ['S1', 'S2'] })
        .expect(201);
      server = gw.app.listen(0, '127.0.0.1');
      await once(server, 'listening');
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      server.close();
      await once(server, 'close');
    });

    const labels = (query: string) => `/api/v1/batches/${GTIN}/PRINT/labels${query}`;

    /**
     * A print run of 1,000 labels (about 4.5 MB) whose reader does not read: the gateway draws
     * labels until the connection's buffers are full and then waits, so the run stays in
     * progress until the request is closed.
     */
    async function stalledPrintRun(username: string): Promise<http.ClientRequest> {
      const sent = http.get({
        host: '127.0.0.1',
        port,
        path: labels('?from=P0000&to=P0999'),
        headers: { Authorization: `Bearer ${gw.tokens[username] ?? ''}` },
      });
      const [response] = (await once(sent, 'response')) as [http.IncomingMessage];
      response.pause();
      expect(response.statusCode).toBe(200);
      return sent;
    }

    it('refuses a party’s print run beyond its bound with 429 while another is in progress', async () => {
      const first = await stalledPrintRun('manufacturer');
      try {
        const refused = await as(gw, 'manufacturer-admin').get(`/batches/${GTIN}/SMALL/labels`);
        expect(refused.status).toBe(429);
        expect(refused.headers['content-type']).toContain('application/json');
        expect(errorCode(refused)).toBe('TOO_MANY_PRINT_RUNS');
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        // Another party is not held back by this one's runs.
        await as(gw, 'regulator').get(`/batches/${GTIN}/SMALL/labels`).expect(200);
      } finally {
        first.destroy();
      }
      // The run stopped with its download and gave its place back.
      for (let tries = 0; ; tries += 1) {
        const again = await as(gw, 'manufacturer-admin').get(`/batches/${GTIN}/SMALL/labels`);
        if (again.status === 200 || tries === 50) {
          expect(again.status).toBe(200);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });

    it('draws a print run a label at a time, never holding up other requests for long', async () => {
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const run = await as(gw, 'manufacturer')
        .get(`/batches/${GTIN}/PRINT/labels?to=P0499`)
        .buffer(true)
        .parse((res, done) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          res.on('end', () => done(null, bytes));
        });
      delay.disable();
      expect(run.status).toBe(200);
      expect(run.body).toBeGreaterThan(500 * 1_000);
      // 500 labels take far longer than this in all (drawn in one go, they held the event loop
      // 3.3 s); no stretch of them blocks the gateway. The bound is the one /healthz is held to
      // (1 s), loose enough for a busy machine's garbage collections.
      expect(delay.max / 1e6).toBeLessThan(1000);
    });

    it('refuses a print run of more labels than one may hold before drawing any', async () => {
      const tooLarge = await as(gw, 'manufacturer').get(`/batches/${GTIN}/PRINT/labels`);
      expect(tooLarge.status).toBe(422);
      expect(tooLarge.headers['content-type']).toContain('application/json');
      expect(errorCode(tooLarge)).toBe('PRINT_RUN_TOO_LARGE');
      expect(tooLarge.body.error.message).toMatch(/from and to/);
      // A part of the batch within the bound prints.
      const part = await as(gw, 'manufacturer').get(`/batches/${GTIN}/PRINT/labels?from=P1000`);
      expect(part.status).toBe(200);
      expect(part.headers['content-type']).toBe('application/pdf');
    });
  });
});
