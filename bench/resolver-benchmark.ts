/**
 * The consortium's GS1 Digital Link resolver (issue 26): latency of its answers under an
 * open-loop load of RATE requests a second for SECONDS seconds, through the gateway over HTTP on
 * loopback. The requests take turns: a pack's code without linkType (307 to the patient check),
 * a leaflet by linkType with Accept-Language (307 to the leaflet), a compressed pack URI (307),
 * and the product's linkset (200). Open loop: each request leaves on its schedule whatever the
 * earlier ones do, so a slow gateway shows as latency. Run with
 * `node bench/run-benchmark.mjs resolver-benchmark` after `npm run build`; `BENCH_LEDGERS` names
 * the ledgers (default `embedded`). Writes test-output/bench/resolver.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Platform, type LedgerKind } from './bench-platform';

const GTIN = '09506000134352';
const RATE = Number(process.env['BENCH_RATE'] ?? 200);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);

interface Figures {
  readonly ledger: LedgerKind;
  readonly rate: number;
  readonly seconds: number;
  readonly sent: number;
  /** Answers other than the expected status, and requests that failed outright. */
  readonly failed: number;
  readonly completedPerSecond: number;
  readonly ms: {
    readonly p50: number;
    readonly p95: number;
    readonly p99: number;
    readonly max: number;
  };
  /** p95 ms of the redirects alone (what a phone's camera waits for). */
  readonly redirectP95: number;
}

function percentile(sorted: number[], p: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return Math.round(value * 10) / 10;
}

/** Paths and the status each must answer. */
const REQUESTS: ReadonlyArray<{ path: string; headers: Record<string, string>; status: number }> = [
  { path: `/01/${GTIN}/10/LOT-1/21/SN1`, headers: { Accept: 'text/html' }, status: 307 },
  {
    path: `/01/${GTIN}/21/SN2?linkType=gs1:epil`,
    headers: { 'Accept-Language': 'fr-BE, en;q=0.5' },
    status: 307,
  },
  // (01) 09506000134352 (21) 72292641703, compressed.
  { path: '/ARFKk4XBoEIXDU-iun', headers: { Accept: 'text/html' }, status: 307 },
  { path: `/01/${GTIN}?linkType=all`, headers: {}, status: 200 },
];

async function measure(kind: LedgerKind): Promise<Figures> {
  const platform = await Platform.open(kind);
  try {
    await platform.call('manufacturer', 'POST', '/products', {
      gtin: GTIN,
      name: 'Paracetamol 500 mg',
      form: 'tablet',
      strength: '500 mg',
      packSize: 20,
    });
    await platform.call('manufacturer', 'POST', `/products/${GTIN}/links`, {
      links: [
        {
          linkType: 'gs1:epil',
          href: 'https://l.example.com/en.pdf',
          title: 'Leaflet',
          language: 'en',
        },
        {
          linkType: 'gs1:epil',
          href: 'https://l.example.com/fr.pdf',
          title: 'Notice',
          language: 'fr',
        },
        { linkType: 'gs1:pip', href: 'https://m.example.com/p', title: 'Product' },
      ],
    });
    const latencies: number[] = [];
    const redirects: number[] = [];
    let failed = 0;
    const total = RATE * SECONDS;
    const start = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < total; i += 1) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const request = REQUESTS[i % REQUESTS.length] ?? REQUESTS[0];
      if (request === undefined) break;
      const sent = performance.now();
      pending.push(
        fetch(`${platform.url}${request.path}`, { headers: request.headers, redirect: 'manual' })
          .then(async (response) => {
            await response.text();
            if (response.status !== request.status) failed += 1;
            const ms = performance.now() - sent;
            latencies.push(ms);
            if (request.status === 307) redirects.push(ms);
          })
          .catch(() => {
            failed += 1;
          }),
      );
    }
    await Promise.all(pending);
    const elapsed = (performance.now() - start) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      ledger: kind,
      rate: RATE,
      seconds: SECONDS,
      sent: total,
      failed,
      completedPerSecond: Math.round((latencies.length / elapsed) * 10) / 10,
      ms: {
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: percentile(sorted, 100),
      },
      redirectP95: percentile(
        [...redirects].sort((a, b) => a - b),
        95,
      ),
    };
  } finally {
    await platform.close();
  }
}

async function main(): Promise<void> {
  const kinds = (process.env['BENCH_LEDGERS'] ?? 'embedded').split(',') as LedgerKind[];
  const results: Figures[] = [];
  for (const kind of kinds) {
    const figures = await measure(kind);
    console.log(JSON.stringify(figures));
    results.push(figures);
  }
  const out = join(process.cwd(), 'test-output', 'bench');
  await mkdir(out, { recursive: true });
  await writeFile(
    join(out, 'resolver.json'),
    JSON.stringify(
      { machine: { cpus: os.cpus().length, node: process.version }, results },
      null,
      2,
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
