/**
 * Trace requests (issue 25 part 3): how long asking, answering and reading the answer take, for
 * one pack and for a whole lot, through the gateway over HTTP on loopback. A lot of 200 packs
 * (the most one answer carries) is commissioned, packed in a case, and moved manufacturer →
 * distributor → pharmacy, so every pack has five custody events. Run with
 * `node bench/run-benchmark.mjs trace-request-benchmark` after `npm run build`; `BENCH_LEDGERS`
 * names the ledgers (default `embedded`; `embedded,fabric` with the project's network up).
 * Writes test-output/bench/trace-requests.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { expiryOfDate } from '@packtrace/gs1';
import { glnOf, Platform, type LedgerKind } from './bench-platform';
import { percentile, tenths } from './load';

const GTIN = '09506000134352';
const CASE = '095060000000000138';
const EXPIRY = expiryOfDate(new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000));
const LOT_PACKS = 200;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 10);

interface Figures {
  readonly ledger: LedgerKind;
  readonly rounds: number;
  /** Median milliseconds of each step. */
  readonly median: Readonly<Record<string, number>>;
  readonly lotEvents: number;
  readonly lotEpcisBytes: number;
}

function median(values: number[]): number {
  return tenths(
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    ),
  );
}

async function timed<T>(samples: number[], run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  samples.push(performance.now() - start);
  return result;
}

async function measure(kind: LedgerKind): Promise<Figures> {
  const platform = await Platform.open(kind);
  try {
    const serials = Array.from({ length: LOT_PACKS }, (_, i) => `TB${String(i).padStart(4, '0')}`);
    const packs = serials.map((serial) => ({ type: 'pack', gtin: GTIN, serial }));
    await platform.call('manufacturer', 'POST', '/products', {
      gtin: GTIN,
      name: 'P',
      form: 'tablet',
      strength: '1 mg',
      packSize: 10,
    });
    await platform.call('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-TB',
      expiry: EXPIRY,
      serials,
    });
    await platform.call('manufacturer', 'POST', '/containers', {
      sscc: CASE,
      kind: 'case',
      children: packs,
    });
    const box = [{ type: 'container', sscc: CASE }];
    for (const [from, to] of [
      ['manufacturer', 'distributor'],
      ['distributor', 'pharmacist'],
    ] as const) {
      const shipment = await platform.call<{ id: string }>(from, 'POST', '/shipments', {
        to: glnOf(to),
        items: box,
      });
      await platform.call(to, 'POST', `/shipments/${shipment.id}/receive`, { received: box });
    }
    const samples: Record<string, number[]> = {};
    const step = (name: string) => (samples[name] ??= []);
    let lotEvents = 0;
    let lotEpcisBytes = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const pack = await timed(step('ask about a pack (pharmacy)'), () =>
        platform.call<{ id: string }>('pharmacist', 'POST', '/trace-requests', {
          subject: { kind: 'pack', gtin: GTIN, serial: serials[round % LOT_PACKS] },
          reason: 'suspect',
          incident: `BENCH-P${round}`,
        }),
      );
      await timed(step('answer (manufacturer)'), () =>
        platform.call('manufacturer', 'POST', `/trace-requests/${pack.id}/answer`),
      );
      await timed(step('read a pack answer as EPCIS (pharmacy)'), () =>
        platform.call('pharmacist', 'GET', `/trace-requests/${pack.id}/answer/epcis`),
      );
      const lot = await platform.call<{ id: string }>('regulator', 'POST', '/trace-requests', {
        subject: { kind: 'lot', gtin: GTIN, lot: 'LOT-TB' },
        reason: 'recall',
        incident: `BENCH-L${round}`,
      });
      await platform.call('manufacturer', 'POST', `/trace-requests/${lot.id}/answer`);
      await timed(step(`read a ${LOT_PACKS}-pack lot answer (regulator)`), () =>
        platform.call('regulator', 'GET', `/trace-requests/${lot.id}/answer`),
      );
      const document = await timed(
        step(`read a ${LOT_PACKS}-pack lot answer as EPCIS (regulator)`),
        () =>
          platform.call<{ epcisBody: { eventList: unknown[] } }>(
            'regulator',
            'GET',
            `/trace-requests/${lot.id}/answer/epcis`,
          ),
      );
      lotEvents = document.epcisBody.eventList.length;
      lotEpcisBytes = JSON.stringify(document).length;
      await timed(step('list open requests (regulator)'), () =>
        platform.call(
          'regulator',
          'GET',
          `/trace-requests?status=open&asOf=${new Date().toISOString()}`,
        ),
      );
    }
    return {
      ledger: kind,
      rounds: ROUNDS,
      median: Object.fromEntries(Object.entries(samples).map(([name, ms]) => [name, median(ms)])),
      lotEvents,
      lotEpcisBytes,
    };
  } finally {
    await platform.close();
  }
}

async function main(): Promise<void> {
  const ledgers = (process.env['BENCH_LEDGERS'] ?? 'embedded')
    .split(',')
    .map((name) => name.trim()) as LedgerKind[];
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')}`;
  const results: Figures[] = [];
  for (const kind of ledgers) {
    const figures = await measure(kind);
    results.push(figures);
    console.log(`trace requests on the ${kind} ledger (${figures.rounds} rounds, ${machine}):`);
    for (const [name, ms] of Object.entries(figures.median)) {
      console.log(`  ${name.padEnd(52)} ${String(ms).padStart(8)} ms (median)`);
    }
    console.log(
      `  a ${LOT_PACKS}-pack lot's EPCIS answer: ${figures.lotEvents} events, ${figures.lotEpcisBytes} bytes`,
    );
  }
  const out = join(process.cwd(), 'test-output', 'bench', 'trace-requests.json');
  await mkdir(join(process.cwd(), 'test-output', 'bench'), { recursive: true });
  await writeFile(out, JSON.stringify({ machine, results }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
