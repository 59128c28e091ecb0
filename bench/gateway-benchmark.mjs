// Benchmarks the gateway on the in-process ledger over real HTTP on loopback: verification
// latency (the EU asks under 300 ms for 95% of queries), recorded scans, commissioning
// throughput, and a large batch as a job. Prints its figures and the machine it ran on.
// Run with `npm run bench` (builds first). Bounded: fixed request counts, loopback only.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';

const { openEmbeddedGateway, DEMO_USERS } = await import('@packtrace/gateway-api');

const GTIN = '09506000134352';
const PASSWORD = 'benchmark-password';
const dataDir = await mkdtemp(join(os.tmpdir(), 'packtrace-bench-'));
const gateway = await openEmbeddedGateway({
  dataDir,
  password: PASSWORD,
  log: pino({ level: 'silent' }),
  verifyRatePerMinute: 1_000_000,
});
const server = createServer(gateway.app).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${server.address().port}/api/v1`;
const gln = Object.fromEntries(DEMO_USERS.map((user) => [user.username, user.gln]));

const tokens = {};
async function call(username, method, path, body) {
  tokens[username] ??= (
    await (
      await fetch(`${base}/auth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      })
    ).json()
  ).token;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${tokens[username]}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

function percentiles(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] };
}

async function timed(count, concurrency, request) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < count; index = next++) {
        const begin = performance.now();
        await request(index);
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { ...percentiles(latencies), perSecond: count / seconds };
}

const ms = (n) => `${n.toFixed(1)} ms`.padStart(10);
const results = [];
try {
  await call('manufacturer', 'POST', '/products', {
    gtin: GTIN,
    name: 'Bench',
    form: 'tablet',
    strength: '1 mg',
    packSize: 10,
  });

  const chunk = Array.from({ length: 5000 }, (_, i) => `B${String(i).padStart(6, '0')}`);
  let started = performance.now();
  await call('manufacturer', 'POST', '/batches', {
    gtin: GTIN,
    lot: 'BENCH-1',
    expiry: '301231',
    serials: chunk,
  });
  const commissionSeconds = (performance.now() - started) / 1000;
  results.push([
    'commission 5,000 packs in one transaction',
    `${commissionSeconds.toFixed(2)} s`,
    `${Math.round(5000 / commissionSeconds)} packs/s`,
  ]);

  const held = chunk.slice(0, 1000).map((serial) => ({ type: 'pack', gtin: GTIN, serial }));
  const shipment = await call('manufacturer', 'POST', '/shipments', {
    to: gln.pharmacist,
    items: held,
  });
  await call('pharmacist', 'POST', `/shipments/${shipment.id}/receive`, { received: held });

  for (const concurrency of [1, 8]) {
    const verify = await timed(2000, concurrency, (i) =>
      call('pharmacist', 'POST', '/verify', {
        code: `(01)${GTIN}(17)301231(10)BENCH-1(21)${chunk[i % 1000]}`,
      }),
    );
    results.push([
      `verify (read-only), 2,000 requests, ${concurrency} at a time`,
      `p50 ${ms(verify.p50)} p95 ${ms(verify.p95)} p99 ${ms(verify.p99)}`,
      `${Math.round(verify.perSecond)} req/s`,
    ]);
  }
  const scans = await timed(500, 4, (i) =>
    call('pharmacist', 'POST', '/scans', {
      code: `(01)${GTIN}(17)301231(10)BENCH-1(21)${chunk[i % 1000]}`,
    }),
  );
  results.push([
    'recorded scan (a committed write), 500 requests, 4 at a time',
    `p50 ${ms(scans.p50)} p95 ${ms(scans.p95)} p99 ${ms(scans.p99)}`,
    `${Math.round(scans.perSecond)} req/s`,
  ]);

  started = performance.now();
  const job = await call('manufacturer', 'POST', '/batches', {
    gtin: GTIN,
    lot: 'BENCH-BIG',
    expiry: '301231',
    count: 100000,
  });
  await gateway.jobs.idle();
  const jobSeconds = (performance.now() - started) / 1000;
  const finished = gateway.jobs.get(job.job.id);
  if (finished?.status !== 'completed') throw new Error(`job ended ${finished?.status}`);
  results.push([
    'commission 100,000 random serials as a job (20 transactions)',
    `${jobSeconds.toFixed(1)} s`,
    `${Math.round(100000 / jobSeconds)} packs/s`,
  ]);
} finally {
  server.closeAllConnections();
  server.close();
  await gateway.close();
  await rm(dataDir, { recursive: true, force: true });
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`packtrace gateway benchmark, ${new Date().toISOString()}`);
console.log(
  `machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`,
);
console.log('ledger: in-process (embedded), HTTP over loopback, one client process\n');
for (const [what, figure, rate] of results) {
  console.log(`${what}\n    ${figure}   ${rate}`);
}
