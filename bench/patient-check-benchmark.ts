/**
 * The patient's check (issue 26): latency of the page `/check/01/{gtin}/21/{serial}` under an
 * open-loop load of RATE requests a second for SECONDS seconds, through the gateway over HTTP on
 * loopback, the codes spread over the states a patient meets (unsold, unknown, dispensed,
 * recalled). Open loop: each request is sent on its schedule whatever the earlier ones do, so a
 * slow gateway shows as latency, not as a lower rate. Run with
 * `node bench/run-benchmark.mjs patient-check-benchmark` after `npm run build`; `BENCH_LEDGERS`
 * names the ledgers (default `embedded`). Writes test-output/bench/patient-check.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { expiryOfDate } from '@packtrace/gs1';
import { glnOf, Platform, type LedgerKind } from './bench-platform';
import { openLoop, percentile, tenths, type Latency } from './load';

const GTIN = '09506000134352';
const EXPIRY = expiryOfDate(new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000));
const RATE = Number(process.env['BENCH_RATE'] ?? 200);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);

interface Figures {
  readonly ledger: LedgerKind;
  readonly rate: number;
  readonly seconds: number;
  /** Every request: latency from when it was due, and failures (a status other than 200 is one). */
  readonly all: Latency;
  /**
   * Median ms of unsold and of unknown codes alone: an unknown code should cost what an unsold
   * one does, or timing would tell them apart.
   */
  readonly medianByKind: { readonly unsold: number; readonly unknown: number };
}

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
    const serials = Array.from({ length: 50 }, (_, i) => `PB${String(i).padStart(3, '0')}`);
    await platform.call('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-PB',
      expiry: EXPIRY,
      serials,
    });
    await platform.call('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-PBR',
      expiry: EXPIRY,
      serials: ['PBR1'],
    });
    await platform.call('manufacturer', 'POST', `/batches/${GTIN}/LOT-PBR/recall`, {
      reason: 'benchmark',
    });
    const sold = serials.slice(0, 10).map((serial) => ({ type: 'pack', gtin: GTIN, serial }));
    const shipment = await platform.call<{ id: string }>('manufacturer', 'POST', '/shipments', {
      to: glnOf('pharmacist'),
      items: sold,
    });
    await platform.call('pharmacist', 'POST', `/shipments/${shipment.id}/receive`, {
      received: sold,
    });
    for (const { serial } of sold) {
      await platform.call('pharmacist', 'POST', `/packs/${GTIN}/${serial}/dispense`);
    }
    // Unsold, unknown, dispensed and recalled codes in turn.
    const codes = [
      ...serials.slice(10),
      ...serials.map((_, i) => `UNKNOWN${String(i)}`),
      ...serials.slice(0, 10),
      'PBR1',
    ];
    const byKind = { unsold: [] as number[], unknown: [] as number[] };
    const all = await openLoop(RATE, SECONDS, async (index, due) => {
      const serial = codes[index % codes.length] ?? '';
      const lot = serial === 'PBR1' ? 'LOT-PBR' : 'LOT-PB';
      const response = await fetch(`${platform.url}/check/01/${GTIN}/21/${serial}?lot=${lot}`, {
        headers: { Accept: 'text/html' },
      });
      await response.text();
      if (response.status !== 200) {
        throw new Error(`the check of ${serial} answered ${String(response.status)}`);
      }
      const ms = performance.now() - due;
      if (serial.startsWith('UNKNOWN')) byKind.unknown.push(ms);
      else if (Number(serial.slice(2)) >= 10) byKind.unsold.push(ms);
    });
    const median = (values: number[]) =>
      tenths(
        percentile(
          [...values].sort((a, b) => a - b),
          50,
        ),
      );
    return {
      ledger: kind,
      rate: RATE,
      seconds: SECONDS,
      all,
      medianByKind: { unsold: median(byKind.unsold), unknown: median(byKind.unknown) },
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
    join(out, 'patient-check.json'),
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
