/**
 * The consortium's GS1 Digital Link resolver (issue 26): latency of its answers under an
 * open-loop load of RATE requests a second for SECONDS seconds, through the gateway over HTTP on
 * loopback. The requests take turns: a pack's code without linkType (307 to the patient check),
 * a leaflet by linkType with Accept-Language (307 to the leaflet), a compressed pack URI (307),
 * and the product's linkset (200). Open loop: each request leaves on its schedule whatever the
 * earlier ones do, so a slow gateway shows as latency, counted from when a request was due
 * (bench/load.ts). Run with
 * `node bench/run-benchmark.mjs resolver-benchmark` after `npm run build`; `BENCH_LEDGERS` names
 * the ledgers (default `embedded`). Writes test-output/bench/resolver.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Platform, type LedgerKind } from './bench-platform';
import { openLoop, percentile, tenths, type Latency } from './load';

const GTIN = '09506000134352';
const RATE = Number(process.env['BENCH_RATE'] ?? 200);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);

interface Figures {
  readonly ledger: LedgerKind;
  readonly rate: number;
  readonly seconds: number;
  /** Every request: latency from when it was due, and failures (a wrong status is one). */
  readonly all: Latency;
  /** p95 ms of the redirects alone (what a phone's camera waits for), from when each was due. */
  readonly redirectP95: number;
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
    const redirects: number[] = [];
    const all = await openLoop(RATE, SECONDS, async (index, due) => {
      const request = REQUESTS[index % REQUESTS.length] ?? REQUESTS[0];
      if (request === undefined) return;
      const response = await fetch(`${platform.url}${request.path}`, {
        headers: request.headers,
        redirect: 'manual',
      });
      await response.text();
      if (response.status !== request.status) {
        throw new Error(`${request.path} answered ${String(response.status)}`);
      }
      if (request.status === 307) redirects.push(performance.now() - due);
    });
    return {
      ledger: kind,
      rate: RATE,
      seconds: SECONDS,
      all,
      redirectP95: tenths(
        percentile(
          [...redirects].sort((a, b) => a - b),
          95,
        ),
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
