// A hundred event streams on a ledger with a fair number of events: the gateway's memory and
// its /healthz latency stay flat, whether the streams start now or replay the ledger for
// clients that read nothing. Embedded ledger only: filling a Fabric channel this full takes long.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  listen,
  readEvents,
  untilCount,
  untilTx,
  type ListeningApp,
} from '../support/event-stream-client';
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from '../support/test-gateway';

const GTIN = '09506000134352';
const BATCHES = 30;
const SERIALS_PER_BATCH = 2_500;
const STREAMS = 100;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Heap and off-heap (buffers) memory in use after a full collection, in MB. */
async function memoryInUse(): Promise<number> {
  for (let round = 0; round < 3; round += 1) {
    collectGarbage();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { heapUsed, external } = process.memoryUsage();
  return (heapUsed + external) / 2 ** 20;
}

/** The slowest and the median time of `count` sequential GET /healthz, in ms. */
async function healthzLatency(base: string, count = 20): Promise<{ max: number; median: number }> {
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    const response = await fetch(`${base}/healthz`);
    await response.text();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { max: times.at(-1) ?? 0, median: times[Math.floor(times.length / 2)] ?? 0 };
}

/** Opens a stream that is never read: its client takes what the socket buffers, then nothing. */
async function unreadStream(
  base: string,
  token: string,
  after: string | undefined,
): Promise<AbortController> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/events`, {
    headers: {
      Authorization: `Bearer ${token}`,
      ...(after === undefined ? {} : { 'Last-Event-ID': after }),
    },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  return controller;
}

describe('a hundred event streams', () => {
  let gw: TestGateway;
  let http: ListeningApp;
  let first: string;
  let eventCount: number;
  let baseline: number;
  let idleLatency: { max: number; median: number };
  const figures: Record<string, string> = {};

  beforeAll(async () => {
    gw = await startGateway(undefined, {
      eventStreamsPerUser: STREAMS,
      eventStreamsTotal: STREAMS + 10,
    });
    http = await listen(gw.app);
    await registerProduct(gw);
    let last = '';
    for (let batch = 0; batch < BATCHES; batch += 1) {
      const serials = Array.from({ length: SERIALS_PER_BATCH }, (_, index) => `B${batch}S${index}`);
      const response = await as(gw, 'manufacturer')
        .post('/batches', { gtin: GTIN, lot: `LOAD${batch}`, expiry: EXPIRY, serials })
        .expect(201);
      last = response.headers['x-transaction-id'] ?? '';
    }
    const all = await readEvents(
      { base: http.base, token: gw.tokens['regulator'] ?? '' },
      { from: 'start', until: untilTx(last), timeoutMs: 60_000 },
    );
    first = all[0]?.id ?? '';
    eventCount = all.length;
    expect(all.filter((event) => event.event === 'PacksCommissioned')).toHaveLength(BATCHES);
    baseline = await memoryInUse();
    idleLatency = await healthzLatency(http.base);
    figures['baseline'] =
      `${baseline.toFixed(0)} MB, /healthz median ${idleLatency.median.toFixed(1)} ms, max ${idleLatency.max.toFixed(1)} ms`;
  }, 600_000);
  afterAll(async () => {
    await http.close();
    await gw.stop();
    if (process.env['STREAM_LOAD_FIGURES'] === '1') {
      process.stdout.write(`${JSON.stringify({ eventCount, ...figures }, null, 2)}\n`);
    }
  });

  it.each([
    ['start now (no cursor)', () => undefined],
    ['replay the whole ledger to clients that read nothing', () => first],
  ])(
    'that %s leave memory and /healthz latency flat',
    async (name, cursor) => {
      const streams: AbortController[] = [];
      try {
        for (let index = 0; index < STREAMS; index += 1) {
          streams.push(await unreadStream(http.base, gw.tokens['regulator'] ?? '', cursor()));
        }
        // Let the replays run until their clients' sockets are full.
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        const latency = await healthzLatency(http.base);
        const grown = (await memoryInUse()) - baseline;
        figures[name] =
          `+${grown.toFixed(0)} MB, /healthz median ${latency.median.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms`;
        // The ledger's events are about 10 MB; a hundred replays buffered would be 1.4 GB.
        expect(grown).toBeLessThan(100);
        expect(latency.median).toBeLessThan(50);
        expect(latency.max).toBeLessThan(500);
        // Paused, not lost: a client that reads gets every event after its cursor meanwhile.
        const reader = await readEvents(
          { base: http.base, token: gw.tokens['regulator'] ?? '' },
          { after: first, until: untilCount(eventCount - 1), timeoutMs: 60_000 },
        );
        expect(reader).toHaveLength(eventCount - 1);
      } finally {
        streams.forEach((controller) => controller.abort());
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      const after = (await memoryInUse()) - baseline;
      figures[`${name}, after closing`] = `+${after.toFixed(0)} MB`;
      expect(after).toBeLessThan(30);
    },
    120_000,
  );
});
